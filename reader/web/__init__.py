"""Reading the web politely and safely: the HTTP client behind ``reader import
URL``, ``reader sources`` and ``reader sync`` (``client``), the address
policy that keeps it off private networks (``address``), robots.txt
(``robots``), page charsets (``charset``) and feeds and sitemaps
(``listing``)."""
