// The listen player: progressive enhancement of the "Listen to this article" section.
// Without this file the section still offers the server audio and a download link.
// Strings come translated from the server in data- attributes; nothing is inline.
(function () {
  "use strict";
  var section = document.querySelector("[data-module=listen]");
  if (!section || section.hasAttribute("data-ready")) { return; }
  section.setAttribute("data-ready", "");

  var data = section.dataset;
  var player = section.querySelector("[data-player]");
  var playButton = player.querySelector("[data-action=play]");
  var speedSelect = player.querySelector("[data-speed]");
  var voiceSelect = player.querySelector("[data-voice]");
  var statusEl = player.querySelector("[data-status]");
  var audio = document.getElementById("listen-audio");
  var synth = window.speechSynthesis || null;
  var lang = (data.lang || "").toLowerCase();
  var storageKey = "reader.voice." + lang;

  var segments = [];        // what a device voice reads, from speech.json when first needed
  var segmentsLoading = null;
  var cues = null;          // [{id, start, end}] from audio.vtt, in seconds
  var cuesLoading = null;
  var serverAvailable = Boolean(audio && data.vtt);
  var index = 0;
  var state = "stopped";    // stopped | playing | paused
  var token = 0;            // ignores events of utterances we cancelled
  var current = null;       // id of the highlighted sentence

  function reducedMotion() {
    return document.documentElement.classList.contains("motion-reduce") ||
      (window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
  }

  function announce(message) {
    statusEl.textContent = "";
    window.setTimeout(function () { statusEl.textContent = message; }, 50);
  }

  function highlight(id) {
    if (id === current) { return; }
    var old = document.querySelectorAll("[data-sid].speaking");
    for (var i = 0; i < old.length; i++) { old[i].classList.remove("speaking"); }
    current = id;
    if (!id) { return; }
    var spans = document.querySelectorAll('[data-sid="' + id + '"]');
    for (var j = 0; j < spans.length; j++) { spans[j].classList.add("speaking"); }
    if (spans.length) {
      var box = spans[0].getBoundingClientRect();
      if (box.top < 0 || box.bottom > window.innerHeight) {
        spans[0].scrollIntoView({block: "center", behavior: reducedMotion() ? "auto" : "smooth"});
      }
    }
  }

  // -- voices ----------------------------------------------------------------------
  function deviceVoices() {
    if (!synth) { return []; }
    return synth.getVoices().filter(function (voice) {
      return (voice.lang || "").toLowerCase().replace("_", "-").split("-")[0] === lang;
    });
  }

  function remembered() {
    try { return window.localStorage.getItem(storageKey); } catch (error) { return null; }
  }

  function remember(value) {
    try { window.localStorage.setItem(storageKey, value); } catch (error) { /* storage off: fine */ }
  }

  function fillVoices() {
    // Device voices often arrive late (voiceschanged): until the reader picks one,
    // prefer a device voice; while something plays, keep what is playing.
    var chosen = state !== "stopped" ? voiceSelect.value : remembered();
    voiceSelect.textContent = "";
    deviceVoices().forEach(function (voice) {
      voiceSelect.appendChild(new Option(voice.name, "device:" + voice.voiceURI));
    });
    if (serverAvailable) {
      voiceSelect.appendChild(new Option(data.msgServerVoice, "server"));
    }
    var values = Array.prototype.map.call(voiceSelect.options, function (o) { return o.value; });
    if (chosen && values.indexOf(chosen) >= 0) {
      voiceSelect.value = chosen;
    } else if (values.length) {
      voiceSelect.value = values[0];  // a device voice first: it needs no download
    }
    var none = values.length === 0;
    playButton.disabled = none;
    if (none) { announce(data.msgNoVoice); }
  }

  function mode() { return voiceSelect.value === "server" ? "server" : "device"; }

  function chosenDeviceVoice() {
    var uri = voiceSelect.value.replace(/^device:/, "");
    return deviceVoices().filter(function (v) { return v.voiceURI === uri; })[0] || null;
  }

  // -- server audio ----------------------------------------------------------------------
  function seconds(stamp) {
    var parts = stamp.split(":");
    return parts.reduce(function (total, part) { return total * 60 + parseFloat(part); }, 0);
  }

  function parseVtt(text) {
    var found = [];
    text.replace(/\r/g, "").split(/\n\n+/).forEach(function (block) {
      var lines = block.split("\n");
      for (var i = 0; i < lines.length; i++) {
        var match = /^([\d:.]+)\s+-->\s+([\d:.]+)/.exec(lines[i]);
        if (match) {
          found.push({id: i > 0 ? lines[i - 1].trim() : "", start: seconds(match[1]), end: seconds(match[2])});
          return;
        }
      }
    });
    return found;
  }

  function serverUnavailable() {
    if (!serverAvailable) { return; }
    serverAvailable = false;
    var wasServer = mode() === "server";
    fillVoices();
    if (voiceSelect.options.length) { announce(data.msgUnavailable); }
    if (wasServer) { setState("stopped"); }
  }

  function loadCues() {
    if (cues) { return Promise.resolve(cues); }
    if (!cuesLoading) {
      cuesLoading = window.fetch(data.vtt, {credentials: "same-origin"}).then(function (response) {
        if (!response.ok) { throw new Error("audio.vtt " + response.status); }
        return response.text();
      }).then(function (text) {
        cues = parseVtt(text);
        return cues;
      }).catch(function (error) {
        cuesLoading = null;
        serverUnavailable();
        throw error;
      });
    }
    return cuesLoading;
  }

  function cueIndexAt(time) {
    for (var i = 0; i < cues.length; i++) {
      if (time >= cues[i].start && time < cues[i].end) { return i; }
    }
    return -1;
  }

  function followAudio() {
    if (!cues || audio.paused) { return; }  // a seek by stop() must not re-highlight
    var i = cueIndexAt(audio.currentTime);
    if (i >= 0) { index = i; highlight(cues[i].id); }
  }

  // -- device speech: one sentence per utterance (Android cuts long ones) ---------------------
  function loadSegments() {
    if (!segmentsLoading) {
      segmentsLoading = window.fetch(data.speech, {credentials: "same-origin"}).then(function (response) {
        if (!response.ok) { throw new Error("speech.json " + response.status); }
        return response.json();
      }).then(function (json) {
        segments = json.segments || [];
        return segments;
      }).catch(function () {
        segmentsLoading = null;  // a 503 or a lost connection: try again on the next press
        return segments;
      });
    }
    return segmentsLoading;
  }

  // A sentence that mixes languages (a Vietnamese name in English) comes with
  // its runs: each is said by a device voice for its language when there is
  // one, else by the article's voice, as the server voice does.
  function voiceForRun(runLang) {
    if (runLang === lang) { return chosenDeviceVoice(); }
    var matching = synth ? synth.getVoices().filter(function (voice) {
      return (voice.lang || "").toLowerCase().replace("_", "-").split("-")[0] === runLang;
    }) : [];
    return matching[0] || chosenDeviceVoice();
  }

  function speakCurrent() {
    var segment = segments[index];
    if (!segment) { finish(); return; }
    var mine = ++token;
    var runs = segment.runs && segment.runs.length ? segment.runs : [{lang: segment.lang, text: segment.text}];
    var next = 0;
    function speakRun() {
      if (mine !== token || state !== "playing") { return; }
      if (next >= runs.length) {
        index += 1;
        speakCurrent();
        return;
      }
      var run = runs[next++];
      var utterance = new window.SpeechSynthesisUtterance(run.text);
      utterance.lang = run.lang;
      var voice = voiceForRun((run.lang || "").toLowerCase());
      if (voice) { utterance.voice = voice; }
      utterance.rate = parseFloat(speedSelect.value) || 1;
      utterance.onend = speakRun;
      utterance.onerror = speakRun;
      synth.speak(utterance);
    }
    highlight(segment.id);
    speakRun();
  }

  function cancelDevice() {
    token += 1;
    if (synth) { synth.cancel(); }
  }

  // -- commands ----------------------------------------------------------------------------
  function setState(next) {
    state = next;
    playButton.textContent = next === "playing" ? data.msgPause : next === "paused" ? data.msgResume : data.msgPlay;
    if (next === "stopped") { highlight(null); }
  }

  function play() {
    if (mode() === "server") {
      loadCues().then(function () {
        audio.playbackRate = parseFloat(speedSelect.value) || 1;
        if (state === "stopped" && cues[index]) { audio.currentTime = cues[index].start; }
        return audio.play();
      }).catch(function () { /* serverUnavailable() has said why */ });
      return;
    }
    setState("playing");
    announce(data.msgPlaying);
    loadSegments().then(function () {
      if (state === "playing" && mode() === "device") {
        cancelDevice();
        speakCurrent();  // a resume restarts the sentence: pause/resume is unreliable across engines
      }
    });
  }

  function pause() {
    if (mode() === "server") { audio.pause(); return; }
    cancelDevice();
    setState("paused");
    announce(data.msgPaused);
  }

  function stop() {
    if (audio) { audio.pause(); if (cues) { audio.currentTime = 0; } }
    cancelDevice();
    index = 0;
    setState("stopped");
    announce(data.msgStopped);
  }

  function finish() {
    index = 0;
    setState("stopped");
    announce(data.msgFinished);
  }

  function step(delta, loaded) {
    var server = mode() === "server";
    var list = server && cues ? cues : segments;  // the same ids, in the same order
    if (!list.length && !loaded) {  // the speech text is fetched on first need
      loadSegments().then(function () { step(delta, true); });
      return;
    }
    if (!list.length) { return; }
    index = Math.max(0, Math.min(list.length - 1, index + delta));
    highlight(list[index].id);
    if (server) {
      if (cues) { audio.currentTime = cues[index].start + 0.01; }
      return;
    }
    if (state === "playing") { cancelDevice(); speakCurrent(); }
  }

  function changeSpeed(delta) {
    var i = speedSelect.selectedIndex + delta;
    if (i < 0 || i >= speedSelect.options.length) { return; }
    speedSelect.selectedIndex = i;
    applySpeed();
  }

  function applySpeed() {
    var rate = parseFloat(speedSelect.value) || 1;
    if (audio) { audio.playbackRate = rate; }
    if (state === "playing" && mode() === "device") { cancelDevice(); speakCurrent(); }
    announce(data.msgSpeed + ": " + speedSelect.options[speedSelect.selectedIndex].text);
  }

  player.addEventListener("click", function (event) {
    var button = event.target.closest("[data-action]");
    if (!button) { return; }
    var action = button.getAttribute("data-action");
    if (action === "play") { if (state === "playing") { pause(); } else { play(); } }
    if (action === "stop") { stop(); }
    if (action === "previous") { step(-1); }
    if (action === "next") { step(1); }
  });

  // Shortcuts only while the focus is inside the player: screen readers keep every key elsewhere.
  player.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.target === voiceSelect) { return; }
    var actions = {p: "play", s: "stop", b: "previous", n: "next"};
    var key = event.key.toLowerCase();
    if (actions[key]) {
      event.preventDefault();
      player.querySelector("[data-action=" + actions[key] + "]").click();
    } else if (key === "[" || key === "]") {
      event.preventDefault();
      changeSpeed(key === "]" ? 1 : -1);
    }
  });

  speedSelect.addEventListener("change", applySpeed);
  voiceSelect.addEventListener("change", function () {
    remember(voiceSelect.value);
    var wasPlaying = state === "playing";
    if (audio) { audio.pause(); }
    cancelDevice();
    setState("stopped");
    announce(data.msgVoice + ": " + voiceSelect.options[voiceSelect.selectedIndex].text);
    if (wasPlaying) { play(); }
  });

  if (audio) {
    // The page's own <audio> is the server player, whichever controls drive it.
    audio.addEventListener("play", audioPlays);
    audio.addEventListener("pause", function () {
      if (state === "playing" && !audio.ended) { setState("paused"); announce(data.msgPaused); }
    });
    audio.addEventListener("ended", finish);
    audio.addEventListener("timeupdate", followAudio);
    audio.addEventListener("error", serverUnavailable);
  }

  function audioPlays() {
    if (mode() !== "server" && voiceSelect.querySelector("option[value=server]")) { voiceSelect.value = "server"; }
    cancelDevice();
    setState("playing");
    announce(data.msgPlaying);
    loadCues().then(followAudio).catch(function () {});
  }

  function reveal() {
    fillVoices();
    if (synth && "onvoiceschanged" in synth) { synth.addEventListener("voiceschanged", fillVoices); }
    player.hidden = false;
    // This script loads when the reader reaches for the section: the audio may
    // already be playing from its own controls.
    if (audio && !audio.paused) { audioPlays(); }
  }


  // The player's stylesheet loads only with this script, and before the player shows.
  var link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = data.css;
  link.onload = link.onerror = reveal;
  document.head.appendChild(link);
})();
