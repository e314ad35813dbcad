<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ChannelsModel</name>
    <message>
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>Subscribers</source>
        <translation>Abonnenten</translation>
    </message>
    <message>
        <source>Published</source>
        <comment>column: messages published to the channel</comment>
        <translation>Veröffentlicht</translation>
    </message>
    <message>
        <source>Last publish</source>
        <translation>Zuletzt veröffentlicht</translation>
    </message>
    <message>
        <source>Last id</source>
        <comment>column: id of the latest publish</comment>
        <translation>Letzte ID</translation>
    </message>
</context>
<context>
    <name>ChannelsPage</name>
    <message>
        <source>&amp;Publish to this channel…</source>
        <translation>&amp;In diesem Kanal veröffentlichen…</translation>
    </message>
    <message>
        <source>Channels with subscribers, live:</source>
        <translation>Kanäle mit Abonnenten, live:</translation>
    </message>
    <message>
        <source>Subscribers (double-click to open in Connections):</source>
        <translation>Abonnenten (Doppelklick öffnet sie unter Verbindungen):</translation>
    </message>
</context>
<context>
    <name>CommandLine</name>
    <message>
        <source>Holdfast: a console for WebSocket and GRIP traffic with an embedded broker.</source>
        <translation>Holdfast: eine Konsole für WebSocket- und GRIP-Verkehr mit eingebautem Broker.</translation>
    </message>
    <message>
        <source>Show this help and exit.</source>
        <translation>Diese Hilfe anzeigen und beenden.</translation>
    </message>
    <message>
        <source>Show the version and exit.</source>
        <translation>Die Version anzeigen und beenden.</translation>
    </message>
    <message>
        <source>Run the broker without a window.</source>
        <translation>Den Broker ohne Fenster ausführen.</translation>
    </message>
    <message>
        <source>Address and port for client traffic (default 127.0.0.1:7676).</source>
        <translation>Adresse und Port für den Client-Verkehr (Standard: 127.0.0.1:7676).</translation>
    </message>
    <message>
        <source>addr:port</source>
        <comment>value name in --help</comment>
        <translation>adresse:port</translation>
    </message>
    <message>
        <source>Address and port for the publish API (default 127.0.0.1:5561).</source>
        <translation>Adresse und Port der Publish-API (Standard: 127.0.0.1:5561).</translation>
    </message>
    <message>
        <source>Routes file in Pushpin&apos;s syntax; reloaded when it changes.</source>
        <translation>Routendatei in Pushpin-Syntax; wird bei Änderungen neu geladen.</translation>
    </message>
    <message>
        <source>file</source>
        <comment>value name in --help</comment>
        <translation>datei</translation>
    </message>
    <message>
        <source>Extra CA certificates (PEM) trusted for TLS origins.</source>
        <translation>Zusätzliche CA-Zertifikate (PEM), denen bei TLS-Origins vertraut wird.</translation>
    </message>
    <message>
        <source>Usage ledger (SQLite; default %1). See also &apos;holdfast report --help&apos;.</source>
        <translation>Nutzungsbuch (SQLite; Standard: %1). Siehe auch „holdfast report --help“.</translation>
    </message>
    <message>
        <source>Months of connection records the ledger keeps before folding them into monthly totals (default 13).</source>
        <translation>Wie viele Monate das Nutzungsbuch Verbindungsdatensätze aufbewahrt, bevor es sie zu Monatssummen zusammenfasst (Standard: 13).</translation>
    </message>
    <message>
        <source>months</source>
        <comment>value name in --help</comment>
        <translation>monate</translation>
    </message>
    <message>
        <source>Key for the Grip-Sig sent to GRIP backends: a secret (HS256), base64:SECRET, or file:PEM with an EC P-256 (ES256) or RSA key (default: changeme, as Pushpin).</source>
        <translation>Schlüssel für die Grip-Sig an GRIP-Backends: ein Geheimnis (HS256), base64:GEHEIMNIS oder file:PEM mit einem EC-P-256- (ES256) oder RSA-Schlüssel (Standard: changeme, wie bei Pushpin).</translation>
    </message>
    <message>
        <source>key</source>
        <comment>value name in --help</comment>
        <translation>schlüssel</translation>
    </message>
    <message>
        <source>Issuer claim of the Grip-Sig (default holdfast).</source>
        <translation>Issuer-Claim der Grip-Sig (Standard: holdfast).</translation>
    </message>
    <message>
        <source>issuer</source>
        <comment>value name in --help</comment>
        <translation>issuer</translation>
    </message>
    <message>
        <source>Require this key on the publish API (Authorization: Bearer KEY, Basic with KEY as password, or Fastly-Key: KEY).</source>
        <translation>Diesen Schlüssel an der Publish-API verlangen (Authorization: Bearer KEY, Basic mit KEY als Passwort oder Fastly-Key: KEY).</translation>
    </message>
    <message>
        <source>Language of the console and these messages: %1 (default: the saved setting, else the system&apos;s).</source>
        <translation>Sprache der Konsole und dieser Meldungen: %1 (Standard: die gespeicherte Einstellung, sonst die des Systems).</translation>
    </message>
    <message>
        <source>language</source>
        <comment>value name in --help</comment>
        <translation>sprache</translation>
    </message>
    <message>
        <source>Try &apos;holdfast --help&apos;.</source>
        <translation>Siehe „holdfast --help“.</translation>
    </message>
    <message>
        <source>holdfast: --lang: &apos;%1&apos; is not one of %2</source>
        <translation>holdfast: --lang: „%1“ ist keine von %2</translation>
    </message>
    <message>
        <source>holdfast: unexpected argument &apos;%1&apos;</source>
        <translation>holdfast: unerwartetes Argument „%1“</translation>
    </message>
    <message>
        <source>holdfast: --listen: &apos;%1&apos; is not address:port</source>
        <translation>holdfast: --listen: „%1“ hat nicht die Form adresse:port</translation>
    </message>
    <message>
        <source>holdfast: --publish-listen: &apos;%1&apos; is not address:port</source>
        <translation>holdfast: --publish-listen: „%1“ hat nicht die Form adresse:port</translation>
    </message>
    <message>
        <source>holdfast: --ledger-retention: &apos;%1&apos; is not a number of months (1 or more)</source>
        <translation>holdfast: --ledger-retention: „%1“ ist keine Anzahl von Monaten (1 oder mehr)</translation>
    </message>
    <message>
        <source>Address and port for TLS client traffic, https:// and wss:// (default 127.0.0.1:7443; needs --cert and --key).</source>
        <translation>Adresse und Port für TLS-Client-Verkehr, https:// und wss:// (Standard: 127.0.0.1:7443; benötigt --cert und --key).</translation>
    </message>
    <message>
        <source>Certificate chain (PEM) of the TLS listener; reloaded when it changes or on SIGHUP.</source>
        <translation>Zertifikatskette (PEM) des TLS-Listeners; wird bei Änderung oder SIGHUP neu geladen.</translation>
    </message>
    <message>
        <source>Private key (unencrypted PEM) of the TLS listener.</source>
        <translation>Privater Schlüssel (unverschlüsseltes PEM) des TLS-Listeners.</translation>
    </message>
    <message>
        <source>Client connections at once; beyond, 503 with Retry-After (default %1).</source>
        <translation>Gleichzeitige Client-Verbindungen; darüber 503 mit Retry-After (Standard: %1).</translation>
    </message>
    <message>
        <source>Largest request head from a client, in bytes; beyond, 431 (default %1).</source>
        <translation>Größter Anfragekopf eines Clients in Byte; darüber 431 (Standard: %1).</translation>
    </message>
    <message>
        <source>Seconds a client has to send a complete request head; then 408 (default %1).</source>
        <translation>Sekunden, die ein Client für einen vollständigen Anfragekopf hat; danach 408 (Standard: %1).</translation>
    </message>
    <message>
        <source>Largest publish request body, in bytes; beyond, 413 (default %1).</source>
        <translation>Größter Body einer Publish-Anfrage in Byte; darüber 413 (Standard: %1).</translation>
    </message>
    <message>
        <source>Largest message from a WebSocket client on a Fanout route, in bytes; beyond, close 1009 (default %1).</source>
        <translation>Größte Nachricht eines WebSocket-Clients auf einer Fanout-Route in Byte; darüber Schließen mit 1009 (Standard: %1).</translation>
    </message>
    <message>
        <source>Messages a slow subscriber may have queued before it is closed (default %1).</source>
        <translation>Nachrichten, die sich für einen langsamen Abonnenten stauen dürfen, bevor er geschlossen wird (Standard: %1).</translation>
    </message>
    <message>
        <source>Bytes a slow subscriber may have queued before it is closed (default %1).</source>
        <translation>Bytes, die sich für einen langsamen Abonnenten stauen dürfen, bevor er geschlossen wird (Standard: %1).</translation>
    </message>
    <message>
        <source>n</source>
        <comment>value name in --help</comment>
        <translation>n</translation>
    </message>
    <message>
        <source>holdfast: --tls-listen: &apos;%1&apos; is not address:port</source>
        <translation>holdfast: --tls-listen: &apos;%1&apos; ist nicht adresse:port</translation>
    </message>
    <message>
        <source>holdfast: the TLS listener needs both --cert and --key</source>
        <translation>holdfast: der TLS-Listener braucht sowohl --cert als auch --key</translation>
    </message>
    <message>
        <source>holdfast: --%1: &apos;%2&apos; is not a whole number from %3 to %4</source>
        <translation>holdfast: --%1: &apos;%2&apos; ist keine ganze Zahl von %3 bis %4</translation>
    </message>
    <message>
        <source>Largest response body a GRIP backend may send with its instruction, in bytes; beyond, 502 (default %1).</source>
        <translation>Größter Antwort-Body, den ein GRIP-Backend mit seiner Anweisung senden darf, in Byte; darüber 502 (Standard: %1).</translation>
    </message>
    <message>
        <source>Channels one Fanout WebSocket may subscribe to; further subscriptions are ignored (default %1).</source>
        <translation>Kanäle, die ein Fanout-WebSocket abonnieren darf; weitere Abonnements werden ignoriert (Standard: %1).</translation>
    </message>
    <message>
        <source>Seconds an origin or GRIP backend has to start its response; then 504 (default %1).</source>
        <translation>Sekunden, die ein Origin oder GRIP-Backend hat, um seine Antwort zu beginnen; danach 504 (Standard: %1).</translation>
    </message>
    <message>
        <source>Largest content or body of one published item, in bytes, after decoding; beyond, the publish gets 400. 0 is no limit, as in Pushpin (default %1, Fastly&apos;s).</source>
        <translation>Größter Inhalt oder Body eines veröffentlichten Elements in Bytes nach dem Dekodieren; darüber erhält die Veröffentlichung 400. 0 heißt unbegrenzt, wie bei Pushpin (Standard %1, wie bei Fastly).</translation>
    </message>
    <message>
        <source>Milliseconds an item whose prev-id is not the channel&apos;s last id waits for its predecessor (Pushpin&apos;s message_wait; default %1).</source>
        <translation>Millisekunden, die ein Element, dessen prev-id nicht die letzte id des Kanals ist, auf seinen Vorgänger wartet (Pushpins message_wait; Standard %1).</translation>
    </message>
    <message>
        <source>Seconds a channel remembers item ids to drop repeats (Pushpin&apos;s id_cache_ttl; 0 turns it off; default %1).</source>
        <translation>Sekunden, die sich ein Kanal Element-ids merkt, um Wiederholungen zu verwerfen (Pushpins id_cache_ttl; 0 schaltet es ab; Standard %1).</translation>
    </message>
    <message>
        <source>Times a WebSocket-over-HTTP request the backend never received is tried again before the client is closed with 1011 (default %1).</source>
        <translation>Wie oft eine WebSocket-over-HTTP-Anfrage, die das Backend nie erhalten hat, wiederholt wird, bevor der Client mit 1011 geschlossen wird (Standard %1).</translation>
    </message>
    <message>
        <source>Milliseconds before the first such retry; each further one waits twice as long, plus up to this much at random (default %1).</source>
        <translation>Millisekunden bis zur ersten solchen Wiederholung; jede weitere wartet doppelt so lange, plus zufällig bis zu diesem Wert (Standard %1).</translation>
    </message>
    <message>
        <source>Believe a request&apos;s X-Forwarded-Proto (or X-Forwarded-Protocol) when it says https or wss: for ssl= routes and what the origin is told (Pushpin&apos;s accept_x_forwarded_protocol).</source>
        <translation>Einem X-Forwarded-Proto (oder X-Forwarded-Protocol) einer Anfrage glauben, wenn es https oder wss sagt: für ssl=-Routen und für das, was der Origin erfährt (Pushpins accept_x_forwarded_protocol).</translation>
    </message>
    <message>
        <source>What tells the origin a request came over TLS: proto-only (X-Forwarded-Proto, the default), both (and X-Forwarded-Protocol) or off (Pushpin&apos;s set_x_forwarded_protocol).</source>
        <translation>Was dem Origin sagt, dass eine Anfrage über TLS kam: proto-only (X-Forwarded-Proto, der Standard), both (dazu X-Forwarded-Protocol) oder off (Pushpins set_x_forwarded_protocol).</translation>
    </message>
    <message>
        <source>mode</source>
        <comment>value name in --help</comment>
        <translation>Modus</translation>
    </message>
    <message>
        <source>X-Forwarded-For rules, as Pushpin&apos;s x_forwarded_for: truncate:N keeps the last N values, append adds the client&apos;s address; empty keeps the header as it is (default: append).</source>
        <translation>X-Forwarded-For-Regeln wie Pushpins x_forwarded_for: truncate:N behält die letzten N Werte, append fügt die Adresse des Clients an; leer lässt den Header, wie er ist (Standard: append).</translation>
    </message>
    <message>
        <source>rules</source>
        <comment>value name in --help</comment>
        <translation>Regeln</translation>
    </message>
    <message>
        <source>The same rules for requests signed by the GRIP proxy in front (--upstream-key; default: append).</source>
        <translation>Dieselben Regeln für Anfragen, die der vorgeschaltete GRIP-Proxy signiert hat (--upstream-key; Standard: append).</translation>
    </message>
    <message>
        <source>Trust a request whose Grip-Sig verifies with this key: it comes from a GRIP proxy in front, so its Grip-* headers pass and its responses are relayed (Pushpin&apos;s upstream_key).</source>
        <translation>Einer Anfrage vertrauen, deren Grip-Sig mit diesem Schlüssel prüfbar ist: Sie kommt von einem vorgeschalteten GRIP-Proxy, daher passieren ihre Grip-*-Header und ihre Antworten werden weitergereicht (Pushpins upstream_key).</translation>
    </message>
    <message>
        <source>Negotiate permessage-deflate (RFC 7692) with WebSocket clients on Fanout routes (off by default, as in Pushpin).</source>
        <translation>permessage-deflate (RFC 7692) mit WebSocket-Clients auf Fanout-Routen aushandeln (standardmäßig aus, wie bei Pushpin).</translation>
    </message>
    <message>
        <source>Send pings and pongs of WebSocket clients on Fanout routes to the backend as PING and PONG events, as Pushpin does, instead of answering pings directly.</source>
        <translation>Pings und Pongs von WebSocket-Clients auf Fanout-Routen als PING- und PONG-Ereignisse an das Backend senden, wie Pushpin es tut, statt Pings direkt zu beantworten.</translation>
    </message>
    <message>
        <source>holdfast: --set-x-forwarded-proto: &apos;%1&apos; is not proto-only, both or off</source>
        <translation>holdfast: --set-x-forwarded-proto: &apos;%1&apos; ist weder proto-only noch both noch off</translation>
    </message>
    <message>
        <source>holdfast: --%1: &apos;%2&apos; is not a list of truncate:N and append</source>
        <translation>holdfast: --%1: &apos;%2&apos; ist keine Liste aus truncate:N und append</translation>
    </message>
    <message>
        <source>Also: holdfast report (usage), holdfast load (test clients), holdfast publish (like pushpin-publish); each has --help.</source>
        <translation>Außerdem: holdfast report (Nutzung), holdfast load (Testclients), holdfast publish (wie pushpin-publish); jeweils mit --help.</translation>
    </message>
</context>
<context>
    <name>ConnectionTraceModel</name>
    <message>
        <source>client → broker</source>
        <translation>Client → Broker</translation>
    </message>
    <message>
        <source>broker → client</source>
        <translation>Broker → Client</translation>
    </message>
    <message>
        <source>broker → backend</source>
        <translation>Broker → Backend</translation>
    </message>
    <message>
        <source>backend → broker</source>
        <translation>Backend → Broker</translation>
    </message>
    <message>
        <source>broker</source>
        <comment>the broker&apos;s own remark in a connection trace</comment>
        <translation>Broker</translation>
    </message>
    <message>
        <source>HTTP head</source>
        <translation>HTTP-Kopf</translation>
    </message>
    <message>
        <source>data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <source>text frame</source>
        <translation>Text-Frame</translation>
    </message>
    <message>
        <source>binary frame</source>
        <translation>Binär-Frame</translation>
    </message>
    <message>
        <source>continuation</source>
        <translation>Fortsetzung</translation>
    </message>
    <message>
        <source>ping</source>
        <translation>Ping</translation>
    </message>
    <message>
        <source>pong</source>
        <translation>Pong</translation>
    </message>
    <message>
        <source>close frame</source>
        <translation>Close-Frame</translation>
    </message>
    <message>
        <source>WebSocket-over-HTTP</source>
        <translation>WebSocket-over-HTTP</translation>
    </message>
    <message>
        <source>GRIP instruction</source>
        <translation>GRIP-Anweisung</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>note</source>
        <translation>Hinweis</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>Richtung</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>Bytes</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Zusammenfassung</translation>
    </message>
</context>
<context>
    <name>ConnectionTraceView</name>
    <message>
        <source>Everything</source>
        <translation>Alles</translation>
    </message>
    <message>
        <source>Messages and data</source>
        <translation>Nachrichten und Daten</translation>
    </message>
    <message>
        <source>GRIP exchange</source>
        <translation>GRIP-Austausch</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>Warnungen</translation>
    </message>
    <message>
        <source>S&amp;how:</source>
        <translation>&amp;Zeigen:</translation>
    </message>
    <message>
        <source>He&amp;x</source>
        <translation>He&amp;x</translation>
    </message>
    <message>
        <source>Select a row to see its bytes.</source>
        <translation>Wählen Sie eine Zeile, um ihre Bytes zu sehen.</translation>
    </message>
    <message numerus="yes">
        <source>%n entries, </source>
        <translation>
            <numerusform>%n Eintrag, </numerusform>
            <numerusform>%n Einträge, </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s)</source>
        <translation>
            <numerusform>%n Warnung</numerusform>
            <numerusform>%n Warnungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n entries</source>
        <translation>
            <numerusform>%n Eintrag</numerusform>
            <numerusform>%n Einträge</numerusform>
        </translation>
    </message>
    <message>
        <source>(first %1 of %2 bytes kept)</source>
        <translation>(die ersten %1 von %2 Bytes aufbewahrt)</translation>
    </message>
</context>
<context>
    <name>ConnectionsModel</name>
    <message>
        <source>reading</source>
        <comment>connection state: reading the request head</comment>
        <translation>liest Anfrage</translation>
    </message>
    <message>
        <source>connecting</source>
        <comment>connection state: connecting to the origin</comment>
        <translation>verbindet</translation>
    </message>
    <message>
        <source>open</source>
        <comment>connection state</comment>
        <translation>offen</translation>
    </message>
    <message>
        <source>closing</source>
        <comment>connection state</comment>
        <translation>wird geschlossen</translation>
    </message>
    <message>
        <source>closed</source>
        <comment>connection state</comment>
        <translation>geschlossen</translation>
    </message>
    <message>
        <source>Id</source>
        <comment>column: connection number</comment>
        <translation>Nr.</translation>
    </message>
    <message>
        <source>Transport</source>
        <translation>Transport</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>Route</translation>
    </message>
    <message>
        <source>Origin</source>
        <translation>Origin</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Kanäle</translation>
    </message>
    <message>
        <source>Started</source>
        <comment>column: when the connection opened</comment>
        <translation>Beginn</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Minutes</source>
        <comment>column: usage minutes</comment>
        <translation>Minuten</translation>
    </message>
    <message>
        <source>Bytes in</source>
        <translation>Bytes ein</translation>
    </message>
    <message>
        <source>Bytes out</source>
        <translation>Bytes aus</translation>
    </message>
    <message>
        <source>Msgs in</source>
        <comment>column: messages from the client</comment>
        <translation>Nachr. ein</translation>
    </message>
    <message>
        <source>Msgs out</source>
        <comment>column: messages to the client</comment>
        <translation>Nachr. aus</translation>
    </message>
    <message>
        <source>State</source>
        <comment>column: connection state</comment>
        <translation>Zustand</translation>
    </message>
</context>
<context>
    <name>ConnectionsPage</name>
    <message>
        <source>Filter connections (any column)</source>
        <translation>Verbindungen filtern (beliebige Spalte)</translation>
    </message>
    <message>
        <source>All transports</source>
        <translation>Alle Transporte</translation>
    </message>
    <message>
        <source>All channels</source>
        <translation>Alle Kanäle</translation>
    </message>
    <message>
        <source>Stop filtering by channel</source>
        <translation>Nicht mehr nach Kanal filtern</translation>
    </message>
    <message>
        <source>&amp;Disconnect…</source>
        <translation>&amp;Trennen…</translation>
    </message>
    <message>
        <source>S&amp;end to this connection…</source>
        <translation>An diese Verbindung &amp;senden…</translation>
    </message>
    <message>
        <source>Copy as curl / &amp;websocat</source>
        <translation>Als curl / &amp;websocat kopieren</translation>
    </message>
    <message>
        <source>Select a connection to see all of it.</source>
        <translation>Wählen Sie eine Verbindung, um alle Details zu sehen.</translation>
    </message>
    <message>
        <source>Subscribers of “%1”</source>
        <translation>Abonnenten von „%1“</translation>
    </message>
    <message>
        <source>%1 of %2 shown</source>
        <translation>%1 von %2 angezeigt</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>Transport</source>
        <translation>Transport</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source> (left the table)</source>
        <translation> (nicht mehr in der Tabelle)</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>User agent</source>
        <translation>User-Agent</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>Pfad</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>Route</translation>
    </message>
    <message>
        <source>Origin</source>
        <translation>Origin</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Kanäle</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Beginn</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Ende</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>Usage minutes</source>
        <translation>Nutzungsminuten</translation>
    </message>
    <message>
        <source>Bytes in / out</source>
        <translation>Bytes ein / aus</translation>
    </message>
    <message>
        <source>Messages in / out</source>
        <translation>Nachrichten ein / aus</translation>
    </message>
    <message>
        <source>Pings</source>
        <translation>Pings</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Anfragen</translation>
    </message>
    <message>
        <source>Queued to client / origin</source>
        <translation>Warteschlange zum Client / Origin</translation>
    </message>
    <message>
        <source>Close code</source>
        <translation>Close-Code</translation>
    </message>
    <message>
        <source>Close reason</source>
        <translation>Close-Grund</translation>
    </message>
    <message>
        <source>Request headers:</source>
        <translation>Anfrage-Header:</translation>
    </message>
    <message>
        <source>Disconnecting #%1 with %2</source>
        <translation>#%1 wird mit %2 getrennt</translation>
    </message>
    <message>
        <source>Send to #%1</source>
        <translation>An #%1 senden</translation>
    </message>
    <message>
        <source>Message for this connection only (delivered as %1):</source>
        <translation>Nachricht nur für diese Verbindung (zugestellt als %1):</translation>
    </message>
    <message>
        <source>Sending %1 bytes to #%2</source>
        <translation>%1 Bytes werden an #%2 gesendet</translation>
    </message>
    <message>
        <source>S&amp;ummary</source>
        <translation>Ü&amp;bersicht</translation>
    </message>
    <message>
        <source>&amp;Messages</source>
        <translation>Na&amp;chrichten</translation>
    </message>
    <message numerus="yes">
        <source>&amp;Messages (%n warning(s))</source>
        <translation>
            <numerusform>Na&amp;chrichten (%n Warnung)</numerusform>
            <numerusform>Na&amp;chrichten (%n Warnungen)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DisconnectDialog</name>
    <message>
        <source>Disconnect #%1</source>
        <translation>#%1 trennen</translation>
    </message>
    <message>
        <source>WebSockets get a close frame with this code; HTTP connections are closed.</source>
        <translation>WebSockets erhalten einen Close-Frame mit diesem Code; HTTP-Verbindungen werden geschlossen.</translation>
    </message>
    <message>
        <source>Close &amp;code:</source>
        <translation>Close-&amp;Code:</translation>
    </message>
    <message>
        <source>closed from the console</source>
        <translation>von der Konsole geschlossen</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Grund:</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>Trennen</translation>
    </message>
</context>
<context>
    <name>LatencyChart</name>
    <message>
        <source>%1 µs</source>
        <translation>%1 µs</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>No deliveries with a timestamp yet.</source>
        <translation>Noch keine Zustellungen mit Zeitstempel.</translation>
    </message>
</context>
<context>
    <name>LoadCommand</name>
    <message>
        <source>Try &apos;holdfast load --help&apos;.</source>
        <translation>Siehe „holdfast load --help“.</translation>
    </message>
    <message>
        <source>holdfast load: %1 clients (%2) to %3</source>
        <translation>holdfast load: %1 Clients (%2) an %3</translation>
    </message>
    <message>
        <source>clients:    %1 connected, %2 failed, %3 still open at the end</source>
        <translation>Clients:       %1 verbunden, %2 fehlgeschlagen, %3 am Ende noch offen</translation>
    </message>
    <message>
        <source>publishes:  %1 sent, %2 accepted, %3 failed over %4 s</source>
        <translation>Publishes:     %1 gesendet, %2 angenommen, %3 fehlgeschlagen in %4 s</translation>
    </message>
    <message>
        <source>            last publish error: %1</source>
        <translation>               letzter Publish-Fehler: %1</translation>
    </message>
    <message>
        <source>messages:   %1 received, %2 expected, %3 lost, %4 delivered/s</source>
        <translation>Nachrichten:   %1 empfangen, %2 erwartet, %3 verloren, %4 zugestellt/s</translation>
    </message>
    <message>
        <source>latency:    p50 %1 ms, p90 %2 ms, p99 %3 ms (min %4, mean %5, max %6 ms; %7 deliveries)</source>
        <translation>Latenz:        p50 %1 ms, p90 %2 ms, p99 %3 ms (min. %4, Mittel %5, max. %6 ms; %7 Zustellungen)</translation>
    </message>
    <message>
        <source>latency:    no timestamped message arrived</source>
        <translation>Latenz:        keine Nachricht mit Zeitstempel angekommen</translation>
    </message>
    <message>
        <source>failures:</source>
        <translation>Fehlschläge:</translation>
    </message>
    <message>
        <source>  %1 × %2</source>
        <translation>  %1 × %2</translation>
    </message>
    <message>
        <source>            %1 publishes/s (%2 requests on %3 connection(s), %4 ms from the first request to the last answer)</source>
        <translation>               %1 Publishes/s (%2 Anfragen über %3 Verbindung(en), %4 ms von der ersten Anfrage bis zur letzten Antwort)</translation>
    </message>
    <message>
        <source>echoes:     %1 sent, %2 echoed, %3 errors, %4 unanswered, %5 echoes/s</source>
        <translation>Echos:         %1 gesendet, %2 zurückgekommen, %3 Fehler, %4 unbeantwortet, %5 Echos/s</translation>
    </message>
    <message>
        <source>round trip: p50 %1 ms, p90 %2 ms, p99 %3 ms (min %4, mean %5, max %6 ms; %7 echoes)</source>
        <translation>Umlaufzeit:    p50 %1 ms, p90 %2 ms, p99 %3 ms (min. %4, Mittel %5, max. %6 ms; %7 Echos)</translation>
    </message>
    <message>
        <source>round trip: no echo came back</source>
        <translation>Umlaufzeit:    kein Echo kam zurück</translation>
    </message>
    <message>
        <source>Publish exactly N messages, then drain (default: until --duration ends).</source>
        <translation>Genau N Nachrichten veröffentlichen, dann auslaufen lassen (Standard: bis --duration endet).</translation>
    </message>
    <message>
        <source>Keep-alive connections to the publish endpoint, each with one request in flight (default 1).</source>
        <translation>Keep-alive-Verbindungen zum Publish-Endpunkt, jede mit einer laufenden Anfrage (Standard: 1).</translation>
    </message>
    <message>
        <source>Publishes per request at most; 1 makes each publish a request (default: publishes falling due together are merged, up to 200).</source>
        <translation>Höchstens so viele Publishes pro Anfrage; 1 macht jeden Publish zu einer Anfrage (Standard: gleichzeitig fällige Publishes werden zusammengefasst, bis zu 200).</translation>
    </message>
    <message>
        <source>WebSocket echo: each client sends a message and the next when it comes back; prints echoes/s and round-trip percentiles.</source>
        <translation>WebSocket-Echo: Jeder Client sendet eine Nachricht und die nächste, sobald sie zurückkommt; gibt Echos/s und Perzentile der Umlaufzeit aus.</translation>
    </message>
    <message>
        <source>Bytes per echo message (default 64, at least 32).</source>
        <translation>Bytes pro Echo-Nachricht (Standard: 64, mindestens 32).</translation>
    </message>
    <message>
        <source>Echo messages outstanding per client (default 1).</source>
        <translation>Gleichzeitig ausstehende Echo-Nachrichten pro Client (Standard: 1).</translation>
    </message>
    <message>
        <source>--%1: &apos;%2&apos; is not a whole number from %3 to %4</source>
        <translation>--%1: „%2“ ist keine ganze Zahl von %3 bis %4</translation>
    </message>
    <message>
        <source>--%1 needs --publish-url</source>
        <translation>--%1 erfordert --publish-url</translation>
    </message>
    <message>
        <source>--%1 needs --echo</source>
        <translation>--%1 erfordert --echo</translation>
    </message>
    <message>
        <source>--echo needs --transport ws</source>
        <translation>--echo erfordert --transport ws</translation>
    </message>
    <message>
        <source>--echo and --publish-url do not go together: the clients would take the publishes for echoes</source>
        <translation>--echo und --publish-url passen nicht zusammen: Die Clients hielten die Publishes für Echos</translation>
    </message>
    <message>
        <source>Opens N test clients of one transport to a URL, optionally publishes timestamped messages at a set rate, and prints connected/failed clients, delivered and lost messages and delivery latency percentiles.</source>
        <translation>Öffnet N Test-Clients eines Transports zu einer URL, veröffentlicht auf Wunsch Nachrichten mit Zeitstempel in fester Rate und gibt verbundene/fehlgeschlagene Clients, zugestellte und verlorene Nachrichten sowie Perzentile der Zustelllatenz aus.</translation>
    </message>
    <message>
        <source>Show this help and exit.</source>
        <translation>Diese Hilfe anzeigen und beenden.</translation>
    </message>
    <message>
        <source>Where the clients connect (http, https, ws, wss).</source>
        <translation>Wohin sich die Clients verbinden (http, https, ws, wss).</translation>
    </message>
    <message>
        <source>ws, sse, stream or poll (default sse).</source>
        <translation>ws, sse, stream oder poll (Standard: sse).</translation>
    </message>
    <message>
        <source>Number of clients (default 1).</source>
        <translation>Anzahl der Clients (Standard: 1).</translation>
    </message>
    <message>
        <source>Clients opened per second (default: as fast as possible).</source>
        <translation>Pro Sekunde geöffnete Clients (Standard: so schnell wie möglich).</translation>
    </message>
    <message>
        <source>Extra request header, repeatable.</source>
        <translation>Zusätzlicher Anfrage-Header, wiederholbar.</translation>
    </message>
    <message>
        <source>Sec-WebSocket-Protocol to offer.</source>
        <translation>Anzubietendes Sec-WebSocket-Protocol.</translation>
    </message>
    <message>
        <source>Accept any TLS certificate.</source>
        <translation>Jedes TLS-Zertifikat akzeptieren.</translation>
    </message>
    <message>
        <source>Extra trusted CA certificates (PEM).</source>
        <translation>Zusätzliche vertrauenswürdige CA-Zertifikate (PEM).</translation>
    </message>
    <message>
        <source>GRIP publish endpoint, e.g. http://127.0.0.1:5561/publish/ (default: no publisher).</source>
        <translation>GRIP-Publish-Endpunkt, z. B. http://127.0.0.1:5561/publish/ (Standard: kein Publisher).</translation>
    </message>
    <message>
        <source>Sent as Authorization: Bearer KEY.</source>
        <translation>Gesendet als Authorization: Bearer KEY.</translation>
    </message>
    <message>
        <source>Channel to publish to (default test).</source>
        <translation>Kanal, in dem veröffentlicht wird (Standard: test).</translation>
    </message>
    <message>
        <source>Publishes per second (default 10; 0: as fast as the endpoint answers).</source>
        <translation>Publishes pro Sekunde (Standard: 10; 0: so schnell, wie der Endpunkt antwortet).</translation>
    </message>
    <message>
        <source>How long to publish (or hold the clients) after the ramp (default 10s).</source>
        <translation>Wie lange nach dem Hochlaufen veröffentlicht (oder die Clients gehalten) wird (Standard: 10s).</translation>
    </message>
    <message>
        <source>Time a client has to connect and be answered (default 10s).</source>
        <translation>Zeit, die ein Client hat, um sich zu verbinden und eine Antwort zu bekommen (Standard: 10s).</translation>
    </message>
    <message>
        <source>How long to wait for late deliveries after the last publish (default 2s).</source>
        <translation>Wie lange nach dem letzten Publish auf späte Zustellungen gewartet wird (Standard: 2s).</translation>
    </message>
    <message>
        <source>Print the summary as JSON.</source>
        <translation>Die Zusammenfassung als JSON ausgeben.</translation>
    </message>
    <message>
        <source>The subcommand.</source>
        <translation>Der Unterbefehl.</translation>
    </message>
    <message>
        <source>unexpected argument &apos;%1&apos;</source>
        <translation>unerwartetes Argument „%1“</translation>
    </message>
    <message>
        <source>--url is required</source>
        <translation>--url ist erforderlich</translation>
    </message>
    <message>
        <source>--transport: &apos;%1&apos; is not ws, sse, stream or poll</source>
        <translation>--transport: „%1“ ist weder ws, sse, stream noch poll</translation>
    </message>
    <message>
        <source>--clients: &apos;%1&apos; is not a number of clients (1 or more)</source>
        <translation>--clients: „%1“ ist keine Anzahl von Clients (1 oder mehr)</translation>
    </message>
    <message>
        <source>--ramp-rate: &apos;%1&apos; is not a rate</source>
        <translation>--ramp-rate: „%1“ ist keine Rate</translation>
    </message>
    <message>
        <source>--header: &apos;%1&apos; is not &apos;Name: value&apos;</source>
        <translation>--header: „%1“ hat nicht die Form „Name: Wert“</translation>
    </message>
    <message>
        <source>--publish-rate: &apos;%1&apos; is not a rate</source>
        <translation>--publish-rate: „%1“ ist keine Rate</translation>
    </message>
    <message>
        <source>--%1: &apos;%2&apos; is not a duration such as 30s or 500ms</source>
        <translation>--%1: „%2“ ist keine Dauer wie 30s oder 500ms</translation>
    </message>
    <message>
        <source>--connect-timeout: &apos;%1&apos; is not a duration</source>
        <translation>--connect-timeout: „%1“ ist keine Dauer</translation>
    </message>
    <message>
        <source>%1 s %2: %3/%4 opened, %5 open, %6 failed, %7 received, %8/s</source>
        <translation>%1 s %2: %3/%4 geöffnet, %5 offen, %6 fehlgeschlagen, %7 empfangen, %8/s</translation>
    </message>
    <message>
        <source>cpu:        %1 s for the measured processes, %2 s for this client, over %3 s</source>
        <translation>CPU:           %1 s für die gemessenen Prozesse, %2 s für diesen Client, über %3 s</translation>
    </message>
    <message>
        <source>Pause between the last client opening and the first publish (default 500ms).</source>
        <translation>Pause zwischen dem Öffnen des letzten Clients und der ersten Veröffentlichung (Standard 500ms).</translation>
    </message>
    <message>
        <source>Also report the CPU time this process used over the publishing or echo phase (repeatable; e.g. the broker&apos;s, for CPU per delivery).</source>
        <translation>Auch die CPU-Zeit melden, die dieser Prozess während der Veröffentlichungs- oder Echo-Phase verbraucht hat (wiederholbar; z. B. die des Brokers, für CPU pro Zustellung).</translation>
    </message>
    <message>
        <source>--cpu-pid: &apos;%1&apos; is not a process id</source>
        <translation>--cpu-pid: &apos;%1&apos; ist keine Prozess-ID</translation>
    </message>
</context>
<context>
    <name>LogPage</name>
    <message>
        <source>All levels</source>
        <translation>Alle Stufen</translation>
    </message>
    <message>
        <source>Warnings and errors</source>
        <translation>Warnungen und Fehler</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Search the log</source>
        <translation>Protokoll durchsuchen</translation>
    </message>
    <message>
        <source>&amp;Level:</source>
        <translation>&amp;Stufe:</translation>
    </message>
    <message>
        <source>Connection events appear here.</source>
        <translation>Hier erscheinen die Verbindungsereignisse.</translation>
    </message>
    <message>
        <source>warning: </source>
        <translation>Warnung: </translation>
    </message>
    <message>
        <source>error: </source>
        <translation>Fehler: </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Holdfast</source>
        <translation>Holdfast</translation>
    </message>
    <message>
        <source>&amp;Connections</source>
        <translation>&amp;Verbindungen</translation>
    </message>
    <message>
        <source>C&amp;hannels</source>
        <translation>&amp;Kanäle</translation>
    </message>
    <message>
        <source>&amp;Publish</source>
        <translation>Ver&amp;öffentlichen</translation>
    </message>
    <message>
        <source>&amp;Log</source>
        <translation>&amp;Protokoll</translation>
    </message>
    <message>
        <source>&amp;Usage</source>
        <translation>&amp;Nutzung</translation>
    </message>
    <message>
        <source>&amp;Routes</source>
        <translation>&amp;Routen</translation>
    </message>
    <message>
        <source>Starting the broker…</source>
        <translation>Broker wird gestartet…</translation>
    </message>
    <message>
        <source>— min this month</source>
        <translation>— Min. diesen Monat</translation>
    </message>
    <message>
        <source>Usage minutes of connections started this month (UTC), from the ledger</source>
        <translation>Nutzungsminuten der in diesem Monat (UTC) begonnenen Verbindungen, laut Nutzungsbuch</translation>
    </message>
    <message>
        <source>Broker listening on %1</source>
        <translation>Broker lauscht auf %1</translation>
    </message>
    <message>
        <source>Publish API on %1:%2</source>
        <translation>Publish-API auf %1:%2</translation>
    </message>
    <message>
        <source>The broker could not start: %1</source>
        <translation>Der Broker konnte nicht starten: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n route(s) applied from %1</source>
        <translation>
            <numerusform>%n Route aus %1 übernommen</numerusform>
            <numerusform>%n Routen aus %1 übernommen</numerusform>
        </translation>
    </message>
    <message>
        <source>Broker stopped</source>
        <translation>Broker angehalten</translation>
    </message>
    <message>
        <source>Usage ledger: %1</source>
        <translation>Nutzungsbuch: %1</translation>
    </message>
    <message>
        <source>The usage ledger is writing again.</source>
        <translation>Das Nutzungsbuch schreibt wieder.</translation>
    </message>
    <message>
        <source>%L1 min this month</source>
        <translation>%L1 Min. diesen Monat</translation>
    </message>
    <message numerus="yes">
        <source>%1: %L2 usage minutes over %Ln connection(s), from the ledger</source>
        <translation>
            <numerusform>%1: %L2 Nutzungsminuten aus %Ln Verbindung, laut Nutzungsbuch</numerusform>
            <numerusform>%1: %L2 Nutzungsminuten aus %Ln Verbindungen, laut Nutzungsbuch</numerusform>
        </translation>
    </message>
    <message>
        <source>Usage minutes unavailable: %1</source>
        <translation>Nutzungsminuten nicht verfügbar: %1</translation>
    </message>
    <message>
        <source>No routes file: the built-in test backend serves /test/stream, /test/sse and /test/long-poll. Start with --routes FILE for your own routes.</source>
        <translation>Keine Routendatei: Das eingebaute Test-Backend bedient /test/stream, /test/sse und /test/long-poll. Für eigene Routen mit --routes DATEI starten.</translation>
    </message>
    <message>
        <source>Could not save screenshots into %1</source>
        <translation>Bildschirmfotos konnten nicht in %1 gespeichert werden</translation>
    </message>
    <message>
        <source>&amp;Broker</source>
        <translation>Br&amp;oker</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Starten</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>&amp;Anhalten</translation>
    </message>
    <message>
        <source>&amp;Restart</source>
        <translation>&amp;Neu starten</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>B&amp;eenden</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>Verbindungen</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Kanäle</translation>
    </message>
    <message>
        <source>Publish</source>
        <translation>Veröffentlichen</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Usage</source>
        <translation>Nutzung</translation>
    </message>
    <message>
        <source>Routes</source>
        <translation>Routen</translation>
    </message>
    <message>
        <source>Broker</source>
        <comment>toolbar title</comment>
        <translation>Broker</translation>
    </message>
    <message>
        <source>Settings saved; they apply the next time the broker starts.</source>
        <translation>Einstellungen gespeichert; sie gelten beim nächsten Start des Brokers.</translation>
    </message>
    <message>
        <source>Stopping the broker…</source>
        <translation>Broker wird angehalten…</translation>
    </message>
    <message>
        <source>#%1 %2 opened from %3 %4</source>
        <translation>#%1 %2 geöffnet von %3 %4</translation>
    </message>
    <message>
        <source>#%1 %2 closed: %3 (in %L4 B, out %L5 B)</source>
        <translation>#%1 %2 geschlossen: %3 (ein %L4 B, aus %L5 B)</translation>
    </message>
    <message numerus="yes">
        <source>%Ln live connection(s), %L1 accepted</source>
        <translation>
            <numerusform>%Ln aktive Verbindung, %L1 angenommen</numerusform>
            <numerusform>%Ln aktive Verbindungen, %L1 angenommen</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 deliveries/s</source>
        <translation>%1 Zustellungen/s</translation>
    </message>
    <message>
        <source>&amp;Test clients</source>
        <translation>&amp;Testclients</translation>
    </message>
    <message>
        <source>Test clients</source>
        <translation>Testclients</translation>
    </message>
    <message>
        <source>TLS listener (https://, wss://) on %1:%2</source>
        <translation>TLS-Listener (https://, wss://) auf %1:%2</translation>
    </message>
    <message>
        <source>TLS certificate reloaded: %1, valid until %2</source>
        <translation>TLS-Zertifikat neu geladen: %1, gültig bis %2</translation>
    </message>
</context>
<context>
    <name>PublishComposer</name>
    <message>
        <source>e.g. test</source>
        <translation>z. B. test</translation>
    </message>
    <message>
        <source>&amp;Channel:</source>
        <translation>&amp;Kanal:</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>optional</translation>
    </message>
    <message>
        <source>&amp;Id:</source>
        <translation>&amp;ID:</translation>
    </message>
    <message>
        <source>&amp;Prev-id:</source>
        <translation>&amp;Prev-ID:</translation>
    </message>
    <message>
        <source>Chain: prev-id is the last id sent</source>
        <translation>Verketten: prev-id ist die zuletzt gesendete ID</translation>
    </message>
    <message>
        <source>ws-message (WebSocket clients)</source>
        <translation>ws-message (WebSocket-Clients)</translation>
    </message>
    <message>
        <source>Action:</source>
        <translation>Aktion:</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>Binary (content-bin)</source>
        <translation>Binär (content-bin)</translation>
    </message>
    <message>
        <source>Type:</source>
        <translation>Typ:</translation>
    </message>
    <message>
        <source>Content:</source>
        <translation>Inhalt:</translation>
    </message>
    <message>
        <source>Load binary file…</source>
        <translation>Binärdatei laden…</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keiner</translation>
    </message>
    <message>
        <source>Close code:</source>
        <translation>Close-Code:</translation>
    </message>
    <message>
        <source>Close reason:</source>
        <translation>Close-Grund:</translation>
    </message>
    <message>
        <source>http-stream (HTTP streams and SSE)</source>
        <translation>http-stream (HTTP-Streams und SSE)</translation>
    </message>
    <message>
        <source>event</source>
        <translation>event</translation>
    </message>
    <message>
        <source>id</source>
        <translation>id</translation>
    </message>
    <message>
        <source>data</source>
        <translation>data</translation>
    </message>
    <message>
        <source>Insert SSE event</source>
        <translation>SSE-Ereignis einfügen</translation>
    </message>
    <message>
        <source>SSE helper:</source>
        <translation>SSE-Hilfe:</translation>
    </message>
    <message>
        <source>http-response (long-polling)</source>
        <translation>http-response (Long-Polling)</translation>
    </message>
    <message>
        <source>Code:</source>
        <translation>Code:</translation>
    </message>
    <message>
        <source>standard phrase</source>
        <translation>Standardtext</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>Grund:</translation>
    </message>
    <message>
        <source>Header</source>
        <translation>Header</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Add header</source>
        <translation>Header hinzufügen</translation>
    </message>
    <message>
        <source>Remove header</source>
        <translation>Header entfernen</translation>
    </message>
    <message>
        <source>Headers:</source>
        <translation>Header:</translation>
    </message>
    <message>
        <source>Body:</source>
        <translation>Body:</translation>
    </message>
    <message>
        <source>Request body:</source>
        <translation>Anfrage-Body:</translation>
    </message>
    <message>
        <source>Edit &amp;raw JSON</source>
        <translation>&amp;Rohes JSON bearbeiten</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>Embedded broker</source>
        <translation>Eingebauter Broker</translation>
    </message>
    <message>
        <source>Remote publish URL:</source>
        <translation>Entfernte Publish-URL:</translation>
    </message>
    <message>
        <source>sent as Authorization: Bearer</source>
        <translation>gesendet als Authorization: Bearer</translation>
    </message>
    <message>
        <source>Key:</source>
        <translation>Schlüssel:</translation>
    </message>
    <message>
        <source>&amp;Send (Ctrl+Enter)</source>
        <translation>&amp;Senden (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>Copy as c&amp;url</source>
        <translation>Als c&amp;url kopieren</translation>
    </message>
    <message>
        <source>Nothing sent yet.</source>
        <translation>Noch nichts gesendet.</translation>
    </message>
    <message>
        <source>History (double-click to load):</source>
        <translation>Verlauf (Doppelklick lädt):</translation>
    </message>
    <message>
        <source>Re-send</source>
        <translation>Erneut senden</translation>
    </message>
    <message>
        <source>Embedded broker (%1)</source>
        <translation>Eingebauter Broker (%1)</translation>
    </message>
    <message>
        <source>Embedded broker (not running)</source>
        <translation>Eingebauter Broker (läuft nicht)</translation>
    </message>
    <message>
        <source>Not valid: %1</source>
        <translation>Ungültig: %1</translation>
    </message>
    <message>
        <source>Binary message content</source>
        <translation>Binärer Nachrichteninhalt</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>%1 (%2 bytes)</source>
        <translation>%1 (%2 Bytes)</translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation>Nicht gesendet: %1</translation>
    </message>
    <message>
        <source>Not sent: the embedded broker is not running.</source>
        <translation>Nicht gesendet: Der eingebaute Broker läuft nicht.</translation>
    </message>
    <message>
        <source>Not sent: %1 is not a URL.</source>
        <translation>Nicht gesendet: %1 ist keine URL.</translation>
    </message>
    <message>
        <source>Sending to %1…</source>
        <translation>Wird an %1 gesendet…</translation>
    </message>
    <message>
        <source>Failed after %1 ms: %2</source>
        <translation>Nach %1 ms fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>Publish to %1 failed: %2</source>
        <translation>Veröffentlichen an %1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>HTTP %1 in %2 ms</source>
        <translation>HTTP %1 in %2 ms</translation>
    </message>
    <message>
        <source>Published to %1: HTTP %2</source>
        <translation>An %1 veröffentlicht: HTTP %2</translation>
    </message>
    <message>
        <source>%1  %2 → %3 (HTTP %4)</source>
        <translation>%1  %2 → %3 (HTTP %4)</translation>
    </message>
    <message>
        <source>Body from file (body-bin)…</source>
        <translation>Body aus Datei (body-bin)…</translation>
    </message>
    <message>
        <source>Clear file</source>
        <translation>Datei entfernen</translation>
    </message>
    <message>
        <source>GRIP_URL:</source>
        <translation>GRIP_URL:</translation>
    </message>
    <message>
        <source>Paste the GRIP_URL your backend uses: the publish endpoint and key (or iss and key for a signed token) are read from it.</source>
        <translation>Fügen Sie die GRIP_URL Ihres Backends ein: Publish-Endpunkt und Schlüssel (oder iss und Schlüssel für ein signiertes Token) werden daraus gelesen.</translation>
    </message>
    <message>
        <source>Response body</source>
        <translation>Antwort-Body</translation>
    </message>
    <message>
        <source>Not sent: the GRIP_URL is unusable: %1</source>
        <translation>Nicht gesendet: Die GRIP_URL ist unbrauchbar: %1</translation>
    </message>
</context>
<context>
    <name>ReportCommand</name>
    <message>
        <source>Usage minutes of one UTC month from the ledger, grouped by route, transport or day. Connections count in the month they started; open ones count up to now and are marked open.</source>
        <translation>Nutzungsminuten eines UTC-Monats aus dem Nutzungsbuch, gruppiert nach Route, Transport oder Tag. Verbindungen zählen in dem Monat, in dem sie begonnen haben; offene zählen bis jetzt und sind als offen markiert.</translation>
    </message>
    <message>
        <source>Show this help and exit.</source>
        <translation>Diese Hilfe anzeigen und beenden.</translation>
    </message>
    <message>
        <source>The UTC month (default: this month).</source>
        <translation>Der UTC-Monat (Standard: dieser Monat).</translation>
    </message>
    <message>
        <source>Rows per route (default), transport or day.</source>
        <translation>Zeilen je Route (Standard), Transport oder Tag.</translation>
    </message>
    <message>
        <source>Output format (default csv).</source>
        <translation>Ausgabeformat (Standard: csv).</translation>
    </message>
    <message>
        <source>Write to FILE instead of stdout.</source>
        <translation>In DATEI statt auf die Standardausgabe schreiben.</translation>
    </message>
    <message>
        <source>file</source>
        <comment>value name in --help</comment>
        <translation>datei</translation>
    </message>
    <message>
        <source>The ledger to read (default %1).</source>
        <translation>Das zu lesende Nutzungsbuch (Standard: %1).</translation>
    </message>
    <message>
        <source>The subcommand.</source>
        <translation>Der Unterbefehl.</translation>
    </message>
    <message>
        <source>Try &apos;holdfast report --help&apos;.</source>
        <translation>Siehe „holdfast report --help“.</translation>
    </message>
    <message>
        <source>unexpected argument &apos;%1&apos;</source>
        <translation>unerwartetes Argument „%1“</translation>
    </message>
    <message>
        <source>--month: &apos;%1&apos; is not a month (YYYY-MM)</source>
        <translation>--month: „%1“ ist kein Monat (JJJJ-MM)</translation>
    </message>
    <message>
        <source>--by: &apos;%1&apos; is not route, transport or day</source>
        <translation>--by: „%1“ ist weder route, transport noch day</translation>
    </message>
    <message>
        <source>--format: &apos;%1&apos; is not csv or json</source>
        <translation>--format: „%1“ ist weder csv noch json</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>RouteDialog</name>
    <message>
        <source>Add route</source>
        <translation>Route hinzufügen</translation>
    </message>
    <message>
        <source>Edit route</source>
        <translation>Route bearbeiten</translation>
    </message>
    <message>
        <source>* for any host, or example.com</source>
        <translation>* für jeden Host, oder example.com</translation>
    </message>
    <message>
        <source>&amp;Host to match:</source>
        <translation>Passender &amp;Host:</translation>
    </message>
    <message>
        <source>HTTP and WebSocket</source>
        <translation>HTTP und WebSocket</translation>
    </message>
    <message>
        <source>HTTP only</source>
        <translation>Nur HTTP</translation>
    </message>
    <message>
        <source>WebSocket only</source>
        <translation>Nur WebSocket</translation>
    </message>
    <message>
        <source>&amp;Protocol:</source>
        <translation>&amp;Protokoll:</translation>
    </message>
    <message>
        <source>any path, or a prefix such as /api</source>
        <translation>jeder Pfad, oder ein Präfix wie /api</translation>
    </message>
    <message>
        <source>Path &amp;prefix:</source>
        <translation>Pf&amp;adpräfix:</translation>
    </message>
    <message>
        <source>host:port, several separated by spaces (failover)</source>
        <translation>host:port, mehrere durch Leerzeichen getrennt (Failover)</translation>
    </message>
    <message>
        <source>&amp;Targets:</source>
        <translation>&amp;Ziele:</translation>
    </message>
    <message>
        <source>Connect to the origin over TLS</source>
        <translation>Über TLS mit dem Origin verbinden</translation>
    </message>
    <message>
        <source>TL&amp;S:</source>
        <translation>TL&amp;S:</translation>
    </message>
    <message>
        <source>Accept an origin certificate the trust store does not verify</source>
        <translation>Origin-Zertifikat akzeptieren, das der Zertifikatsspeicher nicht bestätigt</translation>
    </message>
    <message>
        <source>keep the client&apos;s Host</source>
        <translation>Host des Clients beibehalten</translation>
    </message>
    <message>
        <source>Host &amp;override:</source>
        <translation>Host &amp;überschreiben:</translation>
    </message>
    <message>
        <source>Passthrough (no GRIP)</source>
        <translation>Passthrough (ohne GRIP)</translation>
    </message>
    <message>
        <source>Fanout (GRIP proxy)</source>
        <translation>Fanout (GRIP-Proxy)</translation>
    </message>
    <message>
        <source>Fanout over HTTP (WebSocket-over-HTTP)</source>
        <translation>Fanout über HTTP (WebSocket-over-HTTP)</translation>
    </message>
    <message>
        <source>&amp;Mode:</source>
        <translation>&amp;Modus:</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>unlimited</source>
        <translation>unbegrenzt</translation>
    </message>
    <message>
        <source>Max &amp;connection time:</source>
        <translation>Maximale &amp;Verbindungsdauer:</translation>
    </message>
    <message>
        <source>generated from the condition</source>
        <translation>aus der Bedingung erzeugt</translation>
    </message>
    <message>
        <source>&amp;Id:</source>
        <translation>&amp;ID:</translation>
    </message>
    <message>
        <source>A route needs at least one target (host:port).</source>
        <translation>Eine Route braucht mindestens ein Ziel (host:port).</translation>
    </message>
    <message>
        <source>targets</source>
        <translation>Ziele</translation>
    </message>
    <message>
        <source>route</source>
        <translation>Route</translation>
    </message>
    <message>
        <source>This route cannot be written as a routes-file line.</source>
        <translation>Diese Route lässt sich nicht als Zeile einer Routendatei schreiben.</translation>
    </message>
    <message>
        <source>I&amp;nsecure TLS:</source>
        <translation>U&amp;nsicheres TLS:</translation>
    </message>
</context>
<context>
    <name>RoutesModel</name>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>Passthrough</source>
        <translation>Passthrough</translation>
    </message>
    <message>
        <source>Fanout over HTTP</source>
        <translation>Fanout über HTTP</translation>
    </message>
    <message>
        <source>Fanout (GRIP)</source>
        <translation>Fanout (GRIP)</translation>
    </message>
    <message numerus="yes">
        <source>%n s</source>
        <translation>
            <numerusform>%n s</numerusform>
            <numerusform>%n s</numerusform>
        </translation>
    </message>
    <message>
        <source>unlimited</source>
        <translation>unbegrenzt</translation>
    </message>
    <message>
        <source>Condition</source>
        <translation>Bedingung</translation>
    </message>
    <message>
        <source>Targets</source>
        <translation>Ziele</translation>
    </message>
    <message>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <source>Host override</source>
        <translation>Host überschreiben</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Modus</translation>
    </message>
    <message>
        <source>Max connection time</source>
        <translation>Max. Verbindungsdauer</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Insecure TLS</source>
        <translation>Unsicheres TLS</translation>
    </message>
</context>
<context>
    <name>RoutesPage</name>
    <message>
        <source>&amp;Add…</source>
        <translation>&amp;Hinzufügen…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Bearbeiten…</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>A&amp;pply</source>
        <translation>&amp;Übernehmen</translation>
    </message>
    <message>
        <source>Put these routes in force now. Open connections keep going; new requests use the new routes.</source>
        <translation>Diese Routen jetzt in Kraft setzen. Offene Verbindungen laufen weiter; neue Anfragen nutzen die neuen Routen.</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>&amp;Importieren…</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>E&amp;xportieren…</translation>
    </message>
    <message>
        <source>Import routes</source>
        <translation>Routen importieren</translation>
    </message>
    <message>
        <source>Export routes</source>
        <translation>Routen exportieren</translation>
    </message>
    <message numerus="yes">
        <source>%n route(s) in force. Open connections kept their routes.</source>
        <translation>
            <numerusform>%n Route in Kraft. Offene Verbindungen behalten ihre Routen.</numerusform>
            <numerusform>%n Routen in Kraft. Offene Verbindungen behalten ihre Routen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Applying %n route(s)…</source>
        <translation>
            <numerusform>%n Route wird übernommen…</numerusform>
            <numerusform>%n Routen werden übernommen…</numerusform>
        </translation>
    </message>
    <message>
        <source>Not imported; the routes are unchanged:
%1</source>
        <translation>Nicht importiert; die Routen sind unverändert:
%1</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n route(s) from %1. Press Apply to put them in force.</source>
        <translation>
            <numerusform>%n Route aus %1 importiert. Mit „Übernehmen“ in Kraft setzen.</numerusform>
            <numerusform>%n Routen aus %1 importiert. Mit „Übernehmen“ in Kraft setzen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n route(s) to %1.</source>
        <translation>
            <numerusform>%n Route nach %1 exportiert.</numerusform>
            <numerusform>%n Routen nach %1 exportiert.</numerusform>
        </translation>
    </message>
    <message>
        <source>A&amp;pply (changed)</source>
        <translation>&amp;Übernehmen (geändert)</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>&amp;Listen on:</source>
        <translation>&amp;Lauschen auf:</translation>
    </message>
    <message>
        <source>&amp;Publish API on:</source>
        <translation>&amp;Publish-API auf:</translation>
    </message>
    <message>
        <source>Publish &amp;key:</source>
        <translation>Publish-&amp;Schlüssel:</translation>
    </message>
    <message>
        <source>none: the publish API is open</source>
        <translation>keiner: Die Publish-API ist offen</translation>
    </message>
    <message>
        <source>&amp;Sig key:</source>
        <translation>S&amp;ig-Schlüssel:</translation>
    </message>
    <message>
        <source>Sig &amp;issuer:</source>
        <translation>Sig-Iss&amp;uer:</translation>
    </message>
    <message>
        <source>Le&amp;dger file:</source>
        <translation>&amp;Nutzungsbuch-Datei:</translation>
    </message>
    <message>
        <source>default location</source>
        <translation>Standardort</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <source>Lan&amp;guage:</source>
        <translation>Sp&amp;rache:</translation>
    </message>
    <message>
        <source>Saved settings are used the next time the broker starts (Broker ▸ Start or Restart); the ledger file when Holdfast next starts, and so does the language. Options given on the command line (such as --lang) win for that run.</source>
        <translation>Gespeicherte Einstellungen gelten beim nächsten Start des Brokers (Broker ▸ Starten oder Neu starten); die Nutzungsbuch-Datei und die Sprache beim nächsten Start von Holdfast. Auf der Kommandozeile angegebene Optionen (etwa --lang) haben für diesen Lauf Vorrang.</translation>
    </message>
    <message>
        <source>Set on the command line for this run: %1</source>
        <translation>Auf der Kommandozeile für diesen Lauf gesetzt: %1</translation>
    </message>
    <message>
        <source>%1: &apos;%2&apos; is not address:port (for example 127.0.0.1:7676).</source>
        <translation>%1: „%2“ hat nicht die Form adresse:port (zum Beispiel 127.0.0.1:7676).</translation>
    </message>
    <message>
        <source>Listen on</source>
        <translation>Lauschen auf</translation>
    </message>
    <message>
        <source>Publish API on</source>
        <translation>Publish-API auf</translation>
    </message>
    <message>
        <source>&amp;TLS listener (https://, wss://)</source>
        <translation>&amp;TLS-Listener (https://, wss://)</translation>
    </message>
    <message>
        <source>Add&amp;ress:</source>
        <translation>&amp;Adresse:</translation>
    </message>
    <message>
        <source>&amp;Certificate file:</source>
        <translation>&amp;Zertifikatsdatei:</translation>
    </message>
    <message>
        <source>Certificate chain (PEM, leaf first)</source>
        <translation>Zertifikatskette (PEM, Serverzertifikat zuerst)</translation>
    </message>
    <message>
        <source>Private ke&amp;y file:</source>
        <translation>Schlüssel&amp;datei:</translation>
    </message>
    <message>
        <source>Private key (unencrypted PEM)</source>
        <translation>Privater Schlüssel (unverschlüsseltes PEM)</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>PEM files (*.pem *.crt *.key);;All files (*)</source>
        <translation>PEM-Dateien (*.pem *.crt *.key);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>TLS listener address</source>
        <translation>Adresse des TLS-Listeners</translation>
    </message>
    <message>
        <source>The TLS listener needs a certificate file and a key file.</source>
        <translation>Der TLS-Listener braucht eine Zertifikatsdatei und eine Schlüsseldatei.</translation>
    </message>
    <message>
        <source>TLS listener: %1</source>
        <translation>TLS-Listener: %1</translation>
    </message>
</context>
<context>
    <name>TestClientsModel</name>
    <message>
        <source>Client</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Transport</source>
        <translation>Transport</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Nachrichten</translation>
    </message>
    <message>
        <source>Connects</source>
        <translation>Verbindungsaufbauten</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>gestoppt</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>wartet</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>verbindet</translation>
    </message>
    <message>
        <source>handshake</source>
        <translation>Handshake</translation>
    </message>
    <message>
        <source>open</source>
        <comment>test client state</comment>
        <translation>offen</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>geschlossen</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>HTTP stream</source>
        <translation>HTTP-Stream</translation>
    </message>
    <message>
        <source>long-poll</source>
        <translation>Long-Poll</translation>
    </message>
</context>
<context>
    <name>TestClientsPage</name>
    <message>
        <source>Clients</source>
        <translation>Clients</translation>
    </message>
    <message>
        <source>Traffic generator</source>
        <translation>Lastgenerator</translation>
    </message>
    <message>
        <source>&amp;Preset:</source>
        <translation>&amp;Vorlage:</translation>
    </message>
    <message>
        <source>×</source>
        <translation>×</translation>
    </message>
    <message>
        <source>&amp;Target:</source>
        <translation>&amp;Ziel:</translation>
    </message>
    <message>
        <source>WebSocket only; comma-separated to offer several</source>
        <translation>Nur WebSocket; mehrere durch Kommas getrennt</translation>
    </message>
    <message>
        <source>One &quot;Name: value&quot; per line</source>
        <translation>Ein „Name: Wert“ pro Zeile</translation>
    </message>
    <message>
        <source>&amp;Headers:</source>
        <translation>&amp;Header:</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>Ö&amp;ffnen</translation>
    </message>
    <message>
        <source>Close &amp;all</source>
        <translation>&amp;Alle schließen</translation>
    </message>
    <message>
        <source>Clear &amp;ended</source>
        <translation>B&amp;eendete entfernen</translation>
    </message>
    <message>
        <source>Select a client to see its latest messages.</source>
        <translation>Wählen Sie einen Client, um seine letzten Nachrichten zu sehen.</translation>
    </message>
    <message>
        <source>Text to send</source>
        <translation>Zu sendender Text</translation>
    </message>
    <message>
        <source>&amp;Binary (hex)</source>
        <translation>&amp;Binär (hex)</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>&amp;Senden</translation>
    </message>
    <message>
        <source>WebSocket close code; other transports just close</source>
        <translation>WebSocket-Close-Code; andere Transporte schließen einfach</translation>
    </message>
    <message>
        <source>&amp;Close with</source>
        <translation>S&amp;chließen mit</translation>
    </message>
    <message>
        <source>&amp;Reconnect</source>
        <translation>&amp;Neu verbinden</translation>
    </message>
    <message>
        <source>Custom URL</source>
        <translation>Eigene URL</translation>
    </message>
    <message>
        <source>Embedded broker: SSE %1</source>
        <translation>Eingebetteter Broker: SSE %1</translation>
    </message>
    <message>
        <source>Embedded broker: HTTP stream %1</source>
        <translation>Eingebetteter Broker: HTTP-Stream %1</translation>
    </message>
    <message>
        <source>Embedded broker: long-poll %1</source>
        <translation>Eingebetteter Broker: Long-Poll %1</translation>
    </message>
    <message>
        <source>Embedded broker: WebSocket %1 (echo)</source>
        <translation>Eingebetteter Broker: WebSocket %1 (Echo)</translation>
    </message>
    <message>
        <source>Seed example: curl -i http://localhost:7676/test/stream</source>
        <translation>Seed-Beispiel: curl -i http://localhost:7676/test/stream</translation>
    </message>
    <message>
        <source>Seed example: holdfast load --url http://127.0.0.1:7676/test/sse</source>
        <translation>Seed-Beispiel: holdfast load --url http://127.0.0.1:7676/test/sse</translation>
    </message>
    <message numerus="yes">
        <source>Client %1.%2: %3, %Ln message(s)</source>
        <translation>
            <numerusform>Client %1.%2: %3, %Ln Nachricht</numerusform>
            <numerusform>Client %1.%2: %3, %Ln Nachrichten</numerusform>
        </translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation>Grund: %1</translation>
    </message>
    <message>
        <source>S&amp;ubprotocol:</source>
        <translation>S&amp;ubprotokoll:</translation>
    </message>
</context>
<context>
    <name>TrafficGeneratorPage</name>
    <message>
        <source>Clients &amp;connect to:</source>
        <translation>Clients &amp;verbinden zu:</translation>
    </message>
    <message>
        <source>as fast as possible</source>
        <translation>so schnell wie möglich</translation>
    </message>
    <message>
        <source> /s</source>
        <translation> /s</translation>
    </message>
    <message>
        <source>ramped at</source>
        <translation>hochgefahren mit</translation>
    </message>
    <message>
        <source>C&amp;lients:</source>
        <translation>C&amp;lients:</translation>
    </message>
    <message>
        <source>Embedded broker</source>
        <translation>Eingebetteter Broker</translation>
    </message>
    <message>
        <source>Remote publish URL</source>
        <translation>Entfernte Publish-URL</translation>
    </message>
    <message>
        <source>key (Authorization: Bearer)</source>
        <translation>Schlüssel (Authorization: Bearer)</translation>
    </message>
    <message>
        <source>P&amp;ublish to:</source>
        <translation>&amp;Publizieren an:</translation>
    </message>
    <message>
        <source>as fast as answered</source>
        <translation>so schnell wie beantwortet</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>for</source>
        <translation>für</translation>
    </message>
    <message>
        <source>&amp;Rate:</source>
        <translation>&amp;Rate:</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Start</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>S&amp;topp</translation>
    </message>
    <message>
        <source>%v of %m clients opened</source>
        <translation>%v von %m Clients geöffnet</translation>
    </message>
    <message>
        <source>waiting for the broker&apos;s publish API</source>
        <translation>wartet auf die Publish-API des Brokers</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Startet…</translation>
    </message>
    <message>
        <source>Resolving</source>
        <translation>Namensauflösung</translation>
    </message>
    <message>
        <source>Ramping up</source>
        <translation>Hochfahren</translation>
    </message>
    <message>
        <source>Settling</source>
        <translation>Einpendeln</translation>
    </message>
    <message>
        <source>Publishing</source>
        <translation>Publizieren</translation>
    </message>
    <message>
        <source>Waiting for late deliveries</source>
        <translation>Warten auf späte Zustellungen</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>%1 after %2 s</source>
        <translation>%1 nach %2 s</translation>
    </message>
    <message>
        <source>first failure: %1</source>
        <translation>erster Fehler: %1</translation>
    </message>
    <message>
        <source>publish error: %1</source>
        <translation>Publish-Fehler: %1</translation>
    </message>
    <message>
        <source>%L1 open, %L2 failed · %L3 delivered/s · %L4 received · %L5 lost of %L6 expected · %L7 publishes sent, %L8 failed</source>
        <translation>%L1 offen, %L2 fehlgeschlagen · %L3 zugestellt/s · %L4 empfangen · %L5 verloren von %L6 erwartet · %L7 Publishes gesendet, %L8 fehlgeschlagen</translation>
    </message>
    <message>
        <source>Delivery latency p50 %1 · p90 %2 · p99 %3 · max %4</source>
        <translation>Zustelllatenz p50 %1 · p90 %2 · p99 %3 · max. %4</translation>
    </message>
</context>
<context>
    <name>UsageChart</name>
    <message>
        <source>Usage minutes of this month folded into monthly totals: %L1. The days are no longer kept.</source>
        <translation>Nutzungsminuten dieses Monats, die in Monatssummen zusammengefasst wurden: %L1. Die einzelnen Tage sind nicht mehr gespeichert.</translation>
    </message>
    <message numerus="yes">
        <source>%1: %L2 usage minutes, %Ln connection(s)</source>
        <translation>
            <numerusform>%1: %L2 Nutzungsminuten, %Ln Verbindung</numerusform>
            <numerusform>%1: %L2 Nutzungsminuten, %Ln Verbindungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln still open, counted up to now</source>
        <translation>
            <numerusform>%Ln noch offen, bis jetzt gezählt</numerusform>
            <numerusform>%Ln noch offen, bis jetzt gezählt</numerusform>
        </translation>
    </message>
    <message>
        <source>No usage to show.</source>
        <translation>Keine Nutzung vorhanden.</translation>
    </message>
</context>
<context>
    <name>UsageExporter</name>
    <message>
        <source>Another export is running.</source>
        <translation>Ein anderer Export läuft bereits.</translation>
    </message>
    <message>
        <source>Reading %1 from the ledger…</source>
        <translation>%1 wird aus dem Nutzungsbuch gelesen…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Exporting usage</source>
        <translation>Nutzung wird exportiert</translation>
    </message>
    <message>
        <source>Writing %1…</source>
        <translation>%1 wird geschrieben…</translation>
    </message>
    <message>
        <source>Export cancelled.</source>
        <translation>Export abgebrochen.</translation>
    </message>
    <message>
        <source>Holdfast usage %1</source>
        <translation>Holdfast-Nutzung %1</translation>
    </message>
    <message>
        <source>cannot write %1</source>
        <translation>%1 kann nicht geschrieben werden</translation>
    </message>
    <message>
        <source>Holdfast usage %1 — page %2</source>
        <translation>Holdfast-Nutzung %1 — Seite %2</translation>
    </message>
    <message>
        <source>Holdfast usage report</source>
        <translation>Holdfast-Nutzungsbericht</translation>
    </message>
    <message>
        <source>Month %1 (UTC), taken %2 from the usage ledger. %3</source>
        <translation>Monat %1 (UTC), erstellt %2 aus dem Nutzungsbuch. %3</translation>
    </message>
    <message>
        <source>The month is over and complete.</source>
        <translation>Der Monat ist vorbei und vollständig.</translation>
    </message>
    <message>
        <source>Figures can still change: the month is not over or connections are still open.</source>
        <translation>Die Zahlen können sich noch ändern: Der Monat ist nicht vorbei oder Verbindungen sind noch offen.</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>Verbindungen</translation>
    </message>
    <message>
        <source>Of which still open</source>
        <translation>Davon noch offen</translation>
    </message>
    <message>
        <source>%1 (counted up to when the report was taken)</source>
        <translation>%1 (gezählt bis zur Erstellung des Berichts)</translation>
    </message>
    <message>
        <source>Usage minutes</source>
        <translation>Nutzungsminuten</translation>
    </message>
    <message>
        <source>Millions of minutes</source>
        <translation>Millionen Minuten</translation>
    </message>
    <message>
        <source>Bytes in (from clients)</source>
        <translation>Bytes ein (von Clients)</translation>
    </message>
    <message>
        <source>%1 (%2 bytes)</source>
        <translation>%1 (%2 Bytes)</translation>
    </message>
    <message>
        <source>Bytes out (to clients)</source>
        <translation>Bytes aus (an Clients)</translation>
    </message>
    <message>
        <source>Totals</source>
        <translation>Summen</translation>
    </message>
    <message>
        <source>Minutes per day (UTC, by the day a connection started)</source>
        <translation>Minuten pro Tag (UTC, nach dem Tag, an dem eine Verbindung begann)</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Summe</translation>
    </message>
    <message>
        <source>By route</source>
        <translation>Nach Route</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>Route</translation>
    </message>
    <message>
        <source>By transport</source>
        <translation>Nach Transport</translation>
    </message>
    <message>
        <source>Transport</source>
        <translation>Transport</translation>
    </message>
</context>
<context>
    <name>UsageLoader</name>
    <message>
        <source>No usage ledger: the broker runs without one.</source>
        <translation>Kein Nutzungsbuch: Der Broker läuft ohne.</translation>
    </message>
    <message>
        <source>No usage ledger yet at %1.</source>
        <translation>Noch kein Nutzungsbuch unter %1.</translation>
    </message>
</context>
<context>
    <name>UsageMonitor</name>
    <message>
        <source>no ledger yet</source>
        <translation>noch kein Nutzungsbuch</translation>
    </message>
</context>
<context>
    <name>UsagePage</name>
    <message>
        <source>Usage exported to %1</source>
        <translation>Nutzung nach %1 exportiert</translation>
    </message>
    <message>
        <source>Usage export failed: %1</source>
        <translation>Export der Nutzung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>Route</translation>
    </message>
    <message>
        <source>Transport</source>
        <translation>Transport</translation>
    </message>
    <message>
        <source>&amp;Month (UTC):</source>
        <translation>&amp;Monat (UTC):</translation>
    </message>
    <message>
        <source>The month to show: connections count, whole, in the UTC month they started</source>
        <translation>Der anzuzeigende Monat: Verbindungen zählen vollständig in dem UTC-Monat, in dem sie begonnen haben</translation>
    </message>
    <message>
        <source>&amp;This month</source>
        <translation>&amp;Dieser Monat</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>Ak&amp;tualisieren</translation>
    </message>
    <message>
        <source>Read the ledger again (it refreshes every %1 s while this tab is shown)</source>
        <translation>Nutzungsbuch erneut lesen (solange dieser Reiter sichtbar ist, alle %1 s automatisch)</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Exportieren</translation>
    </message>
    <message>
        <source>by route</source>
        <translation>nach Route</translation>
    </message>
    <message>
        <source>by transport</source>
        <translation>nach Transport</translation>
    </message>
    <message>
        <source>by day</source>
        <translation>nach Tag</translation>
    </message>
    <message>
        <source>&amp;CSV</source>
        <translation>&amp;CSV</translation>
    </message>
    <message>
        <source>&amp;JSON</source>
        <translation>&amp;JSON</translation>
    </message>
    <message>
        <source>%1 %2…</source>
        <translation>%1 %2…</translation>
    </message>
    <message>
        <source>&amp;PDF report…</source>
        <translation>&amp;PDF-Bericht…</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>Verbindungen</translation>
    </message>
    <message>
        <source>Still open</source>
        <translation>Noch offen</translation>
    </message>
    <message>
        <source>Usage minutes</source>
        <translation>Nutzungsminuten</translation>
    </message>
    <message>
        <source>Millions of minutes</source>
        <translation>Millionen Minuten</translation>
    </message>
    <message>
        <source>Bytes in</source>
        <translation>Bytes ein</translation>
    </message>
    <message>
        <source>Bytes out</source>
        <translation>Bytes aus</translation>
    </message>
    <message>
        <source>Minutes per day (UTC, by the day a connection started)</source>
        <translation>Minuten pro Tag (UTC, nach dem Tag, an dem eine Verbindung begann)</translation>
    </message>
    <message>
        <source>By route</source>
        <translation>Nach Route</translation>
    </message>
    <message>
        <source>By transport</source>
        <translation>Nach Transport</translation>
    </message>
    <message>
        <source>Reading the ledger…</source>
        <translation>Nutzungsbuch wird gelesen…</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>%1 wird gelesen…</translation>
    </message>
    <message>
        <source>Connections of this month still open: their minutes count up to the time of the last refresh and will grow</source>
        <translation>Noch offene Verbindungen dieses Monats: Ihre Minuten zählen bis zur letzten Aktualisierung und wachsen weiter</translation>
    </message>
    <message>
        <source>Each connection&apos;s duration rounded up to whole minutes, at least one</source>
        <translation>Die Dauer jeder Verbindung, auf ganze Minuten aufgerundet, mindestens eine</translation>
    </message>
    <message>
        <source>%1 bytes from clients</source>
        <translation>%1 Bytes von Clients</translation>
    </message>
    <message>
        <source>%1 bytes to clients</source>
        <translation>%1 Bytes an Clients</translation>
    </message>
    <message>
        <source>%1 is complete (read %2 UTC).</source>
        <translation>%1 ist vollständig (gelesen %2 UTC).</translation>
    </message>
    <message numerus="yes">
        <source>As of %1 UTC; %n connection(s) still open, counted up to then.</source>
        <translation>
            <numerusform>Stand %1 UTC; %n Verbindung noch offen, bis dahin gezählt.</numerusform>
            <numerusform>Stand %1 UTC; %n Verbindungen noch offen, bis dahin gezählt.</numerusform>
        </translation>
    </message>
    <message>
        <source>As of %1 UTC.</source>
        <translation>Stand %1 UTC.</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON-Dateien (*.json)</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF-Dateien (*.pdf)</translation>
    </message>
    <message>
        <source>Export usage of %1</source>
        <translation>Nutzung von %1 exportieren</translation>
    </message>
</context>
<context>
    <name>UsageTableModel</name>
    <message numerus="yes">
        <source>%n connection(s) still open, counted up to when the report was taken</source>
        <translation>
            <numerusform>%n Verbindung noch offen, gezählt bis zur Erstellung des Berichts</numerusform>
            <numerusform>%n Verbindungen noch offen, gezählt bis zur Erstellung des Berichts</numerusform>
        </translation>
    </message>
    <message>
        <source>%L1 bytes</source>
        <translation>%L1 Bytes</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>Verbindungen</translation>
    </message>
    <message>
        <source>Open</source>
        <comment>column: connections still open</comment>
        <translation>Offen</translation>
    </message>
    <message>
        <source>Minutes</source>
        <translation>Minuten</translation>
    </message>
    <message>
        <source>Million minutes</source>
        <translation>Mio. Minuten</translation>
    </message>
    <message>
        <source>Bytes in</source>
        <translation>Bytes ein</translation>
    </message>
    <message>
        <source>Bytes out</source>
        <translation>Bytes aus</translation>
    </message>
    <message>
        <source>Messages in</source>
        <translation>Nachrichten ein</translation>
    </message>
    <message>
        <source>Messages out</source>
        <translation>Nachrichten aus</translation>
    </message>
</context>
</TS>
