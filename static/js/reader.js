// Progressive enhancement only: every page works without this file.
// Marks the page as scripted so CSS can reveal controls that need JavaScript.
document.documentElement.classList.add("js");
