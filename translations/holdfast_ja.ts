<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
<context>
    <name>ChannelsModel</name>
    <message>
        <source>Channel</source>
        <translation>チャンネル</translation>
    </message>
    <message>
        <source>Subscribers</source>
        <translation>サブスクライバー</translation>
    </message>
    <message>
        <source>Published</source>
        <comment>column: messages published to the channel</comment>
        <translation>パブリッシュ数</translation>
    </message>
    <message>
        <source>Last publish</source>
        <translation>最終パブリッシュ</translation>
    </message>
    <message>
        <source>Last id</source>
        <comment>column: id of the latest publish</comment>
        <translation>最終 ID</translation>
    </message>
</context>
<context>
    <name>ChannelsPage</name>
    <message>
        <source>&amp;Publish to this channel…</source>
        <translation>このチャンネルにパブリッシュ(&amp;P)…</translation>
    </message>
    <message>
        <source>Channels with subscribers, live:</source>
        <translation>サブスクライバーのいるチャンネル（リアルタイム）:</translation>
    </message>
    <message>
        <source>Subscribers (double-click to open in Connections):</source>
        <translation>サブスクライバー（ダブルクリックで「接続」タブに表示）:</translation>
    </message>
</context>
<context>
    <name>CommandLine</name>
    <message>
        <source>Holdfast: a console for WebSocket and GRIP traffic with an embedded broker.</source>
        <translation>Holdfast: ブローカーを内蔵した WebSocket と GRIP トラフィックのためのコンソール。</translation>
    </message>
    <message>
        <source>Show this help and exit.</source>
        <translation>このヘルプを表示して終了します。</translation>
    </message>
    <message>
        <source>Show the version and exit.</source>
        <translation>バージョンを表示して終了します。</translation>
    </message>
    <message>
        <source>Run the broker without a window.</source>
        <translation>ウィンドウなしでブローカーを実行します。</translation>
    </message>
    <message>
        <source>Address and port for client traffic (default 127.0.0.1:7676).</source>
        <translation>クライアント通信用のアドレスとポート（既定値: 127.0.0.1:7676）。</translation>
    </message>
    <message>
        <source>addr:port</source>
        <comment>value name in --help</comment>
        <translation>アドレス:ポート</translation>
    </message>
    <message>
        <source>Address and port for the publish API (default 127.0.0.1:5561).</source>
        <translation>パブリッシュ API のアドレスとポート（既定値: 127.0.0.1:5561）。</translation>
    </message>
    <message>
        <source>Routes file in Pushpin&apos;s syntax; reloaded when it changes.</source>
        <translation>Pushpin 形式のルートファイル。変更されると再読み込みします。</translation>
    </message>
    <message>
        <source>file</source>
        <comment>value name in --help</comment>
        <translation>ファイル</translation>
    </message>
    <message>
        <source>Extra CA certificates (PEM) trusted for TLS origins.</source>
        <translation>TLS オリジンに対して追加で信頼する CA 証明書（PEM）。</translation>
    </message>
    <message>
        <source>Usage ledger (SQLite; default %1). See also &apos;holdfast report --help&apos;.</source>
        <translation>使用量台帳（SQLite、既定値: %1）。「holdfast report --help」も参照してください。</translation>
    </message>
    <message>
        <source>Months of connection records the ledger keeps before folding them into monthly totals (default 13).</source>
        <translation>台帳が接続記録を月次合計にまとめるまで保持する月数（既定値: 13）。</translation>
    </message>
    <message>
        <source>months</source>
        <comment>value name in --help</comment>
        <translation>月数</translation>
    </message>
    <message>
        <source>Key for the Grip-Sig sent to GRIP backends: a secret (HS256), base64:SECRET, or file:PEM with an EC P-256 (ES256) or RSA key (default: changeme, as Pushpin).</source>
        <translation>GRIP バックエンドに送る Grip-Sig の鍵: シークレット（HS256）、base64:SECRET、または EC P-256（ES256）か RSA の鍵を含む file:PEM（既定値: Pushpin と同じ changeme）。</translation>
    </message>
    <message>
        <source>key</source>
        <comment>value name in --help</comment>
        <translation>鍵</translation>
    </message>
    <message>
        <source>Issuer claim of the Grip-Sig (default holdfast).</source>
        <translation>Grip-Sig の発行者クレーム（既定値: holdfast）。</translation>
    </message>
    <message>
        <source>issuer</source>
        <comment>value name in --help</comment>
        <translation>発行者</translation>
    </message>
    <message>
        <source>Require this key on the publish API (Authorization: Bearer KEY, Basic with KEY as password, or Fastly-Key: KEY).</source>
        <translation>パブリッシュ API でこの鍵を必須にします（Authorization: Bearer KEY、KEY をパスワードとする Basic 認証、または Fastly-Key: KEY）。</translation>
    </message>
    <message>
        <source>Language of the console and these messages: %1 (default: the saved setting, else the system&apos;s).</source>
        <translation>コンソールとこれらのメッセージの言語: %1（既定値: 保存された設定、なければシステムの言語）。</translation>
    </message>
    <message>
        <source>language</source>
        <comment>value name in --help</comment>
        <translation>言語</translation>
    </message>
    <message>
        <source>Try &apos;holdfast --help&apos;.</source>
        <translation>「holdfast --help」を参照してください。</translation>
    </message>
    <message>
        <source>holdfast: --lang: &apos;%1&apos; is not one of %2</source>
        <translation>holdfast: --lang: &apos;%1&apos; は %2 のいずれでもありません</translation>
    </message>
    <message>
        <source>holdfast: unexpected argument &apos;%1&apos;</source>
        <translation>holdfast: 予期しない引数 &apos;%1&apos;</translation>
    </message>
    <message>
        <source>holdfast: --listen: &apos;%1&apos; is not address:port</source>
        <translation>holdfast: --listen: &apos;%1&apos; は アドレス:ポート の形式ではありません</translation>
    </message>
    <message>
        <source>holdfast: --publish-listen: &apos;%1&apos; is not address:port</source>
        <translation>holdfast: --publish-listen: &apos;%1&apos; は アドレス:ポート の形式ではありません</translation>
    </message>
    <message>
        <source>holdfast: --ledger-retention: &apos;%1&apos; is not a number of months (1 or more)</source>
        <translation>holdfast: --ledger-retention: &apos;%1&apos; は月数（1 以上）ではありません</translation>
    </message>
    <message>
        <source>Address and port for TLS client traffic, https:// and wss:// (default 127.0.0.1:7443; needs --cert and --key).</source>
        <translation>TLS のクライアント通信（https:// と wss://）のアドレスとポート（既定 127.0.0.1:7443。--cert と --key が必要）。</translation>
    </message>
    <message>
        <source>Certificate chain (PEM) of the TLS listener; reloaded when it changes or on SIGHUP.</source>
        <translation>TLS リスナーの証明書チェーン（PEM）。変更時または SIGHUP で再読み込みされます。</translation>
    </message>
    <message>
        <source>Private key (unencrypted PEM) of the TLS listener.</source>
        <translation>TLS リスナーの秘密鍵（暗号化されていない PEM）。</translation>
    </message>
    <message>
        <source>Client connections at once; beyond, 503 with Retry-After (default %1).</source>
        <translation>同時クライアント接続数。超えると Retry-After 付きの 503（既定 %1）。</translation>
    </message>
    <message>
        <source>Largest request head from a client, in bytes; beyond, 431 (default %1).</source>
        <translation>クライアントのリクエストヘッダーの最大バイト数。超えると 431（既定 %1）。</translation>
    </message>
    <message>
        <source>Seconds a client has to send a complete request head; then 408 (default %1).</source>
        <translation>クライアントが完全なリクエストヘッダーを送るまでの秒数。過ぎると 408（既定 %1）。</translation>
    </message>
    <message>
        <source>Largest publish request body, in bytes; beyond, 413 (default %1).</source>
        <translation>Publish リクエスト本文の最大バイト数。超えると 413（既定 %1）。</translation>
    </message>
    <message>
        <source>Largest message from a WebSocket client on a Fanout route, in bytes; beyond, close 1009 (default %1).</source>
        <translation>Fanout ルートの WebSocket クライアントからのメッセージの最大バイト数。超えると 1009 でクローズ（既定 %1）。</translation>
    </message>
    <message>
        <source>Messages a slow subscriber may have queued before it is closed (default %1).</source>
        <translation>遅い購読者が閉じられる前にキューにためられるメッセージ数（既定 %1）。</translation>
    </message>
    <message>
        <source>Bytes a slow subscriber may have queued before it is closed (default %1).</source>
        <translation>遅い購読者が閉じられる前にキューにためられるバイト数（既定 %1）。</translation>
    </message>
    <message>
        <source>n</source>
        <comment>value name in --help</comment>
        <translation>n</translation>
    </message>
    <message>
        <source>holdfast: --tls-listen: &apos;%1&apos; is not address:port</source>
        <translation>holdfast: --tls-listen: &apos;%1&apos; は アドレス:ポート の形式ではありません</translation>
    </message>
    <message>
        <source>holdfast: the TLS listener needs both --cert and --key</source>
        <translation>holdfast: TLS リスナーには --cert と --key の両方が必要です</translation>
    </message>
    <message>
        <source>holdfast: --%1: &apos;%2&apos; is not a whole number from %3 to %4</source>
        <translation>holdfast: --%1: &apos;%2&apos; は %3 から %4 までの整数ではありません</translation>
    </message>
    <message>
        <source>Largest response body a GRIP backend may send with its instruction, in bytes; beyond, 502 (default %1).</source>
        <translation>GRIP バックエンドが指示と共に送れる応答本文の最大バイト数。超えると 502（既定 %1）。</translation>
    </message>
    <message>
        <source>Channels one Fanout WebSocket may subscribe to; further subscriptions are ignored (default %1).</source>
        <translation>1 つの Fanout WebSocket が購読できるチャンネル数。それを超える購読は無視されます（既定 %1）。</translation>
    </message>
    <message>
        <source>Seconds an origin or GRIP backend has to start its response; then 504 (default %1).</source>
        <translation>オリジンまたは GRIP バックエンドが応答を始めるまでの秒数。過ぎると 504（既定 %1）。</translation>
    </message>
    <message>
        <source>Largest content or body of one published item, in bytes, after decoding; beyond, the publish gets 400. 0 is no limit, as in Pushpin (default %1, Fastly&apos;s).</source>
        <translation>公開される項目 1 件のコンテンツまたはボディの最大バイト数 (デコード後)。超えると公開は 400 になります。0 は無制限 (Pushpin と同じ) です (既定値 %1、Fastly と同じ)。</translation>
    </message>
    <message>
        <source>Milliseconds an item whose prev-id is not the channel&apos;s last id waits for its predecessor (Pushpin&apos;s message_wait; default %1).</source>
        <translation>prev-id がチャネルの最後の id と一致しない項目が、先行する項目を待つミリ秒数 (Pushpin の message_wait、既定値 %1)。</translation>
    </message>
    <message>
        <source>Seconds a channel remembers item ids to drop repeats (Pushpin&apos;s id_cache_ttl; 0 turns it off; default %1).</source>
        <translation>重複を捨てるためにチャネルが項目の id を覚えておく秒数 (Pushpin の id_cache_ttl、0 で無効、既定値 %1)。</translation>
    </message>
    <message>
        <source>Times a WebSocket-over-HTTP request the backend never received is tried again before the client is closed with 1011 (default %1).</source>
        <translation>バックエンドに届かなかった WebSocket-over-HTTP リクエストを、クライアントを 1011 で閉じる前に再試行する回数 (既定値 %1)。</translation>
    </message>
    <message>
        <source>Milliseconds before the first such retry; each further one waits twice as long, plus up to this much at random (default %1).</source>
        <translation>最初の再試行までのミリ秒数。以降は毎回 2 倍待ち、さらにこの値までのランダムな時間を加えます (既定値 %1)。</translation>
    </message>
    <message>
        <source>Believe a request&apos;s X-Forwarded-Proto (or X-Forwarded-Protocol) when it says https or wss: for ssl= routes and what the origin is told (Pushpin&apos;s accept_x_forwarded_protocol).</source>
        <translation>リクエストの X-Forwarded-Proto (または X-Forwarded-Protocol) が https か wss を示すとき、それを信頼します。ssl= ルートの判定とオリジンへの通知に使います (Pushpin の accept_x_forwarded_protocol)。</translation>
    </message>
    <message>
        <source>What tells the origin a request came over TLS: proto-only (X-Forwarded-Proto, the default), both (and X-Forwarded-Protocol) or off (Pushpin&apos;s set_x_forwarded_protocol).</source>
        <translation>リクエストが TLS で届いたことをオリジンに伝える方法: proto-only (X-Forwarded-Proto、既定値)、both (X-Forwarded-Protocol も)、off (Pushpin の set_x_forwarded_protocol)。</translation>
    </message>
    <message>
        <source>mode</source>
        <comment>value name in --help</comment>
        <translation>モード</translation>
    </message>
    <message>
        <source>X-Forwarded-For rules, as Pushpin&apos;s x_forwarded_for: truncate:N keeps the last N values, append adds the client&apos;s address; empty keeps the header as it is (default: append).</source>
        <translation>X-Forwarded-For の規則 (Pushpin の x_forwarded_for と同じ): truncate:N は最後の N 個の値を残し、append はクライアントのアドレスを加えます。空ならヘッダーをそのまま渡します (既定値: append)。</translation>
    </message>
    <message>
        <source>rules</source>
        <comment>value name in --help</comment>
        <translation>規則</translation>
    </message>
    <message>
        <source>The same rules for requests signed by the GRIP proxy in front (--upstream-key; default: append).</source>
        <translation>前段の GRIP プロキシが署名したリクエストに使う同じ規則 (--upstream-key、既定値: append)。</translation>
    </message>
    <message>
        <source>Trust a request whose Grip-Sig verifies with this key: it comes from a GRIP proxy in front, so its Grip-* headers pass and its responses are relayed (Pushpin&apos;s upstream_key).</source>
        <translation>Grip-Sig がこの鍵で検証できるリクエストを信頼します。前段の GRIP プロキシからのものとして、Grip-* ヘッダーを通し、応答をそのまま中継します (Pushpin の upstream_key)。</translation>
    </message>
    <message>
        <source>Negotiate permessage-deflate (RFC 7692) with WebSocket clients on Fanout routes (off by default, as in Pushpin).</source>
        <translation>Fanout ルートの WebSocket クライアントと permessage-deflate (RFC 7692) をネゴシエートします (既定ではオフ、Pushpin と同じ)。</translation>
    </message>
    <message>
        <source>Send pings and pongs of WebSocket clients on Fanout routes to the backend as PING and PONG events, as Pushpin does, instead of answering pings directly.</source>
        <translation>Fanout ルートの WebSocket クライアントの ping と pong を、直接応答する代わりに Pushpin と同じく PING と PONG イベントとしてバックエンドへ送ります。</translation>
    </message>
    <message>
        <source>holdfast: --set-x-forwarded-proto: &apos;%1&apos; is not proto-only, both or off</source>
        <translation>holdfast: --set-x-forwarded-proto: &apos;%1&apos; は proto-only、both、off のいずれでもありません</translation>
    </message>
    <message>
        <source>holdfast: --%1: &apos;%2&apos; is not a list of truncate:N and append</source>
        <translation>holdfast: --%1: &apos;%2&apos; は truncate:N と append のリストではありません</translation>
    </message>
    <message>
        <source>Also: holdfast report (usage), holdfast load (test clients), holdfast publish (like pushpin-publish); each has --help.</source>
        <translation>ほかに: holdfast report (使用量)、holdfast load (テストクライアント)、holdfast publish (pushpin-publish と同様)。それぞれ --help があります。</translation>
    </message>
</context>
<context>
    <name>ConnectionTraceModel</name>
    <message>
        <source>client → broker</source>
        <translation>クライアント → ブローカー</translation>
    </message>
    <message>
        <source>broker → client</source>
        <translation>ブローカー → クライアント</translation>
    </message>
    <message>
        <source>broker → backend</source>
        <translation>ブローカー → バックエンド</translation>
    </message>
    <message>
        <source>backend → broker</source>
        <translation>バックエンド → ブローカー</translation>
    </message>
    <message>
        <source>broker</source>
        <comment>the broker&apos;s own remark in a connection trace</comment>
        <translation>ブローカー</translation>
    </message>
    <message>
        <source>HTTP head</source>
        <translation>HTTP ヘッダー部</translation>
    </message>
    <message>
        <source>data</source>
        <translation>データ</translation>
    </message>
    <message>
        <source>text frame</source>
        <translation>テキストフレーム</translation>
    </message>
    <message>
        <source>binary frame</source>
        <translation>バイナリフレーム</translation>
    </message>
    <message>
        <source>continuation</source>
        <translation>継続フレーム</translation>
    </message>
    <message>
        <source>ping</source>
        <translation>ping</translation>
    </message>
    <message>
        <source>pong</source>
        <translation>pong</translation>
    </message>
    <message>
        <source>close frame</source>
        <translation>クローズフレーム</translation>
    </message>
    <message>
        <source>WebSocket-over-HTTP</source>
        <translation>WebSocket-over-HTTP</translation>
    </message>
    <message>
        <source>GRIP instruction</source>
        <translation>GRIP 指示</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>note</source>
        <translation>メモ</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>時刻</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>種類</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>バイト</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>概要</translation>
    </message>
</context>
<context>
    <name>ConnectionTraceView</name>
    <message>
        <source>Everything</source>
        <translation>すべて</translation>
    </message>
    <message>
        <source>Messages and data</source>
        <translation>メッセージとデータ</translation>
    </message>
    <message>
        <source>GRIP exchange</source>
        <translation>GRIP のやり取り</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>S&amp;how:</source>
        <translation>表示(&amp;H):</translation>
    </message>
    <message>
        <source>He&amp;x</source>
        <translation>16 進(&amp;X)</translation>
    </message>
    <message>
        <source>Select a row to see its bytes.</source>
        <translation>行を選択するとそのバイト列が表示されます。</translation>
    </message>
    <message numerus="yes">
        <source>%n entries, </source>
        <translation>
            <numerusform>%n 件、</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s)</source>
        <translation>
            <numerusform>警告 %n 件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n entries</source>
        <translation>
            <numerusform>%n 件</numerusform>
        </translation>
    </message>
    <message>
        <source>(first %1 of %2 bytes kept)</source>
        <translation>（%2 バイト中、先頭 %1 バイトを保持）</translation>
    </message>
</context>
<context>
    <name>ConnectionsModel</name>
    <message>
        <source>reading</source>
        <comment>connection state: reading the request head</comment>
        <translation>リクエスト受信中</translation>
    </message>
    <message>
        <source>connecting</source>
        <comment>connection state: connecting to the origin</comment>
        <translation>接続中</translation>
    </message>
    <message>
        <source>open</source>
        <comment>connection state</comment>
        <translation>オープン</translation>
    </message>
    <message>
        <source>closing</source>
        <comment>connection state</comment>
        <translation>クローズ中</translation>
    </message>
    <message>
        <source>closed</source>
        <comment>connection state</comment>
        <translation>クローズ済み</translation>
    </message>
    <message>
        <source>Id</source>
        <comment>column: connection number</comment>
        <translation>番号</translation>
    </message>
    <message>
        <source>Transport</source>
        <translation>トランスポート</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>クライアント</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>ルート</translation>
    </message>
    <message>
        <source>Origin</source>
        <translation>オリジン</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>チャンネル</translation>
    </message>
    <message>
        <source>Started</source>
        <comment>column: when the connection opened</comment>
        <translation>開始</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>継続時間</translation>
    </message>
    <message>
        <source>Minutes</source>
        <comment>column: usage minutes</comment>
        <translation>分</translation>
    </message>
    <message>
        <source>Bytes in</source>
        <translation>受信バイト</translation>
    </message>
    <message>
        <source>Bytes out</source>
        <translation>送信バイト</translation>
    </message>
    <message>
        <source>Msgs in</source>
        <comment>column: messages from the client</comment>
        <translation>受信メッセージ</translation>
    </message>
    <message>
        <source>Msgs out</source>
        <comment>column: messages to the client</comment>
        <translation>送信メッセージ</translation>
    </message>
    <message>
        <source>State</source>
        <comment>column: connection state</comment>
        <translation>状態</translation>
    </message>
</context>
<context>
    <name>ConnectionsPage</name>
    <message>
        <source>Filter connections (any column)</source>
        <translation>接続を絞り込み（全列が対象）</translation>
    </message>
    <message>
        <source>All transports</source>
        <translation>すべてのトランスポート</translation>
    </message>
    <message>
        <source>All channels</source>
        <translation>すべてのチャンネル</translation>
    </message>
    <message>
        <source>Stop filtering by channel</source>
        <translation>チャンネルでの絞り込みを解除</translation>
    </message>
    <message>
        <source>&amp;Disconnect…</source>
        <translation>切断(&amp;D)…</translation>
    </message>
    <message>
        <source>S&amp;end to this connection…</source>
        <translation>この接続に送信(&amp;E)…</translation>
    </message>
    <message>
        <source>Copy as curl / &amp;websocat</source>
        <translation>curl / websocat としてコピー(&amp;W)</translation>
    </message>
    <message>
        <source>Select a connection to see all of it.</source>
        <translation>接続を選択すると詳細が表示されます。</translation>
    </message>
    <message>
        <source>Subscribers of “%1”</source>
        <translation>「%1」のサブスクライバー</translation>
    </message>
    <message>
        <source>%1 of %2 shown</source>
        <translation>%2 件中 %1 件を表示</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>接続</translation>
    </message>
    <message>
        <source>Transport</source>
        <translation>トランスポート</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <source> (left the table)</source>
        <translation>（一覧から削除済み）</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>クライアント</translation>
    </message>
    <message>
        <source>User agent</source>
        <translation>ユーザーエージェント</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>パス</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>ルート</translation>
    </message>
    <message>
        <source>Origin</source>
        <translation>オリジン</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>チャンネル</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>開始</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>終了</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>継続時間</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>Usage minutes</source>
        <translation>使用分数</translation>
    </message>
    <message>
        <source>Bytes in / out</source>
        <translation>受信 / 送信バイト</translation>
    </message>
    <message>
        <source>Messages in / out</source>
        <translation>受信 / 送信メッセージ</translation>
    </message>
    <message>
        <source>Pings</source>
        <translation>Ping</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>リクエスト</translation>
    </message>
    <message>
        <source>Queued to client / origin</source>
        <translation>クライアント / オリジン宛てのキュー</translation>
    </message>
    <message>
        <source>Close code</source>
        <translation>クローズコード</translation>
    </message>
    <message>
        <source>Close reason</source>
        <translation>クローズ理由</translation>
    </message>
    <message>
        <source>Request headers:</source>
        <translation>リクエストヘッダー:</translation>
    </message>
    <message>
        <source>Disconnecting #%1 with %2</source>
        <translation>#%1 を %2 で切断しています</translation>
    </message>
    <message>
        <source>Send to #%1</source>
        <translation>#%1 に送信</translation>
    </message>
    <message>
        <source>Message for this connection only (delivered as %1):</source>
        <translation>この接続だけに送るメッセージ（%1 として配信）:</translation>
    </message>
    <message>
        <source>Sending %1 bytes to #%2</source>
        <translation>#%2 に %1 バイトを送信しています</translation>
    </message>
    <message>
        <source>S&amp;ummary</source>
        <translation>概要(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Messages</source>
        <translation>メッセージ(&amp;M)</translation>
    </message>
    <message numerus="yes">
        <source>&amp;Messages (%n warning(s))</source>
        <translation>
            <numerusform>メッセージ(&amp;M)（警告 %n 件）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DisconnectDialog</name>
    <message>
        <source>Disconnect #%1</source>
        <translation>#%1 を切断</translation>
    </message>
    <message>
        <source>WebSockets get a close frame with this code; HTTP connections are closed.</source>
        <translation>WebSocket にはこのコードのクローズフレームを送ります。HTTP 接続はそのまま閉じます。</translation>
    </message>
    <message>
        <source>Close &amp;code:</source>
        <translation>クローズコード(&amp;C):</translation>
    </message>
    <message>
        <source>closed from the console</source>
        <translation>コンソールから切断</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>理由(&amp;R):</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>切断</translation>
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
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>No deliveries with a timestamp yet.</source>
        <translation>タイムスタンプ付きの配信はまだありません。</translation>
    </message>
</context>
<context>
    <name>LoadCommand</name>
    <message>
        <source>Try &apos;holdfast load --help&apos;.</source>
        <translation>「holdfast load --help」を参照してください。</translation>
    </message>
    <message>
        <source>holdfast load: %1 clients (%2) to %3</source>
        <translation>holdfast load: %3 へ %1 クライアント（%2）</translation>
    </message>
    <message>
        <source>clients:    %1 connected, %2 failed, %3 still open at the end</source>
        <translation>クライアント:   接続 %1、失敗 %2、終了時に接続中 %3</translation>
    </message>
    <message>
        <source>publishes:  %1 sent, %2 accepted, %3 failed over %4 s</source>
        <translation>パブリッシュ:   %4 秒間で送信 %1、受理 %2、失敗 %3</translation>
    </message>
    <message>
        <source>            last publish error: %1</source>
        <translation>                最後のパブリッシュエラー: %1</translation>
    </message>
    <message>
        <source>messages:   %1 received, %2 expected, %3 lost, %4 delivered/s</source>
        <translation>メッセージ:     受信 %1、期待 %2、消失 %3、%4 配信/秒</translation>
    </message>
    <message>
        <source>latency:    p50 %1 ms, p90 %2 ms, p99 %3 ms (min %4, mean %5, max %6 ms; %7 deliveries)</source>
        <translation>レイテンシ:     p50 %1 ms、p90 %2 ms、p99 %3 ms（最小 %4、平均 %5、最大 %6 ms、配信 %7 件）</translation>
    </message>
    <message>
        <source>latency:    no timestamped message arrived</source>
        <translation>レイテンシ:     タイムスタンプ付きのメッセージが届きませんでした</translation>
    </message>
    <message>
        <source>failures:</source>
        <translation>失敗:</translation>
    </message>
    <message>
        <source>  %1 × %2</source>
        <translation>  %1 × %2</translation>
    </message>
    <message>
        <source>            %1 publishes/s (%2 requests on %3 connection(s), %4 ms from the first request to the last answer)</source>
        <translation>                %1 パブリッシュ/秒（%3 接続で %2 リクエスト、最初のリクエストから最後の応答まで %4 ms）</translation>
    </message>
    <message>
        <source>echoes:     %1 sent, %2 echoed, %3 errors, %4 unanswered, %5 echoes/s</source>
        <translation>エコー:         送信 %1、返信 %2、エラー %3、未応答 %4、%5 エコー/秒</translation>
    </message>
    <message>
        <source>round trip: p50 %1 ms, p90 %2 ms, p99 %3 ms (min %4, mean %5, max %6 ms; %7 echoes)</source>
        <translation>往復時間:       p50 %1 ms、p90 %2 ms、p99 %3 ms（最小 %4、平均 %5、最大 %6 ms、エコー %7 件）</translation>
    </message>
    <message>
        <source>round trip: no echo came back</source>
        <translation>往復時間:       エコーが返ってきませんでした</translation>
    </message>
    <message>
        <source>Publish exactly N messages, then drain (default: until --duration ends).</source>
        <translation>ちょうど N 件のメッセージをパブリッシュしてからドレインします（既定値: --duration の終わりまで）。</translation>
    </message>
    <message>
        <source>Keep-alive connections to the publish endpoint, each with one request in flight (default 1).</source>
        <translation>パブリッシュエンドポイントへのキープアライブ接続数。各接続で 1 件のリクエストを処理中にします（既定値: 1）。</translation>
    </message>
    <message>
        <source>Publishes per request at most; 1 makes each publish a request (default: publishes falling due together are merged, up to 200).</source>
        <translation>1 リクエストあたりのパブリッシュ数の上限。1 にすると 1 パブリッシュが 1 リクエストになります（既定値: 同時に期限を迎えたパブリッシュを最大 200 件までまとめます）。</translation>
    </message>
    <message>
        <source>WebSocket echo: each client sends a message and the next when it comes back; prints echoes/s and round-trip percentiles.</source>
        <translation>WebSocket エコー: 各クライアントがメッセージを送り、返ってきたら次を送ります。エコー/秒と往復時間のパーセンタイルを表示します。</translation>
    </message>
    <message>
        <source>Bytes per echo message (default 64, at least 32).</source>
        <translation>エコーメッセージ 1 件のバイト数（既定値: 64、最小 32）。</translation>
    </message>
    <message>
        <source>Echo messages outstanding per client (default 1).</source>
        <translation>クライアントごとに応答待ちにするエコーメッセージ数（既定値: 1）。</translation>
    </message>
    <message>
        <source>--%1: &apos;%2&apos; is not a whole number from %3 to %4</source>
        <translation>--%1: 「%2」は %3 から %4 までの整数ではありません</translation>
    </message>
    <message>
        <source>--%1 needs --publish-url</source>
        <translation>--%1 には --publish-url が必要です</translation>
    </message>
    <message>
        <source>--%1 needs --echo</source>
        <translation>--%1 には --echo が必要です</translation>
    </message>
    <message>
        <source>--echo needs --transport ws</source>
        <translation>--echo には --transport ws が必要です</translation>
    </message>
    <message>
        <source>--echo and --publish-url do not go together: the clients would take the publishes for echoes</source>
        <translation>--echo と --publish-url は同時に使えません: クライアントがパブリッシュをエコーと見なしてしまいます</translation>
    </message>
    <message>
        <source>Opens N test clients of one transport to a URL, optionally publishes timestamped messages at a set rate, and prints connected/failed clients, delivered and lost messages and delivery latency percentiles.</source>
        <translation>1 つのトランスポートで N 個のテストクライアントを URL に接続し、必要に応じてタイムスタンプ付きメッセージを一定のレートでパブリッシュして、接続・失敗したクライアント数、配信・消失したメッセージ数、配信レイテンシのパーセンタイルを表示します。</translation>
    </message>
    <message>
        <source>Show this help and exit.</source>
        <translation>このヘルプを表示して終了します。</translation>
    </message>
    <message>
        <source>Where the clients connect (http, https, ws, wss).</source>
        <translation>クライアントの接続先（http、https、ws、wss）。</translation>
    </message>
    <message>
        <source>ws, sse, stream or poll (default sse).</source>
        <translation>ws、sse、stream、poll のいずれか（既定値: sse）。</translation>
    </message>
    <message>
        <source>Number of clients (default 1).</source>
        <translation>クライアント数（既定値: 1）。</translation>
    </message>
    <message>
        <source>Clients opened per second (default: as fast as possible).</source>
        <translation>1 秒あたりに開くクライアント数（既定値: できるだけ速く）。</translation>
    </message>
    <message>
        <source>Extra request header, repeatable.</source>
        <translation>追加のリクエストヘッダー（複数指定可）。</translation>
    </message>
    <message>
        <source>Sec-WebSocket-Protocol to offer.</source>
        <translation>提示する Sec-WebSocket-Protocol。</translation>
    </message>
    <message>
        <source>Accept any TLS certificate.</source>
        <translation>すべての TLS 証明書を受け入れます。</translation>
    </message>
    <message>
        <source>Extra trusted CA certificates (PEM).</source>
        <translation>追加で信頼する CA 証明書（PEM）。</translation>
    </message>
    <message>
        <source>GRIP publish endpoint, e.g. http://127.0.0.1:5561/publish/ (default: no publisher).</source>
        <translation>GRIP のパブリッシュエンドポイント。例: http://127.0.0.1:5561/publish/（既定値: パブリッシュしない）。</translation>
    </message>
    <message>
        <source>Sent as Authorization: Bearer KEY.</source>
        <translation>Authorization: Bearer KEY として送信します。</translation>
    </message>
    <message>
        <source>Channel to publish to (default test).</source>
        <translation>パブリッシュ先のチャンネル（既定値: test）。</translation>
    </message>
    <message>
        <source>Publishes per second (default 10; 0: as fast as the endpoint answers).</source>
        <translation>1 秒あたりのパブリッシュ数（既定値: 10。0 はエンドポイントが応答する限り速く）。</translation>
    </message>
    <message>
        <source>How long to publish (or hold the clients) after the ramp (default 10s).</source>
        <translation>ランプアップ後にパブリッシュする（またはクライアントを保持する）時間（既定値: 10s）。</translation>
    </message>
    <message>
        <source>Time a client has to connect and be answered (default 10s).</source>
        <translation>クライアントが接続して応答を受け取るまでの制限時間（既定値: 10s）。</translation>
    </message>
    <message>
        <source>How long to wait for late deliveries after the last publish (default 2s).</source>
        <translation>最後のパブリッシュ後に遅れた配信を待つ時間（既定値: 2s）。</translation>
    </message>
    <message>
        <source>Print the summary as JSON.</source>
        <translation>結果を JSON で出力します。</translation>
    </message>
    <message>
        <source>The subcommand.</source>
        <translation>サブコマンド。</translation>
    </message>
    <message>
        <source>unexpected argument &apos;%1&apos;</source>
        <translation>予期しない引数 &apos;%1&apos;</translation>
    </message>
    <message>
        <source>--url is required</source>
        <translation>--url は必須です</translation>
    </message>
    <message>
        <source>--transport: &apos;%1&apos; is not ws, sse, stream or poll</source>
        <translation>--transport: &apos;%1&apos; は ws、sse、stream、poll のいずれでもありません</translation>
    </message>
    <message>
        <source>--clients: &apos;%1&apos; is not a number of clients (1 or more)</source>
        <translation>--clients: &apos;%1&apos; はクライアント数（1 以上）ではありません</translation>
    </message>
    <message>
        <source>--ramp-rate: &apos;%1&apos; is not a rate</source>
        <translation>--ramp-rate: &apos;%1&apos; はレートではありません</translation>
    </message>
    <message>
        <source>--header: &apos;%1&apos; is not &apos;Name: value&apos;</source>
        <translation>--header: &apos;%1&apos; は &apos;Name: value&apos; の形式ではありません</translation>
    </message>
    <message>
        <source>--publish-rate: &apos;%1&apos; is not a rate</source>
        <translation>--publish-rate: &apos;%1&apos; はレートではありません</translation>
    </message>
    <message>
        <source>--%1: &apos;%2&apos; is not a duration such as 30s or 500ms</source>
        <translation>--%1: &apos;%2&apos; は 30s や 500ms のような時間ではありません</translation>
    </message>
    <message>
        <source>--connect-timeout: &apos;%1&apos; is not a duration</source>
        <translation>--connect-timeout: &apos;%1&apos; は時間ではありません</translation>
    </message>
    <message>
        <source>%1 s %2: %3/%4 opened, %5 open, %6 failed, %7 received, %8/s</source>
        <translation>%1 秒 %2: %3/%4 接続済み、接続中 %5、失敗 %6、受信 %7、%8/秒</translation>
    </message>
    <message>
        <source>cpu:        %1 s for the measured processes, %2 s for this client, over %3 s</source>
        <translation>CPU:            計測対象プロセス %1 s、このクライアント %2 s（%3 s 間）</translation>
    </message>
    <message>
        <source>Pause between the last client opening and the first publish (default 500ms).</source>
        <translation>最後のクライアントが開いてから最初のパブリッシュまでの待ち時間（既定 500ms）。</translation>
    </message>
    <message>
        <source>Also report the CPU time this process used over the publishing or echo phase (repeatable; e.g. the broker&apos;s, for CPU per delivery).</source>
        <translation>パブリッシュまたはエコーの段階でこのプロセスが使った CPU 時間も報告する（複数指定可。例: 配信あたりの CPU を見るためのブローカー）。</translation>
    </message>
    <message>
        <source>--cpu-pid: &apos;%1&apos; is not a process id</source>
        <translation>--cpu-pid: &apos;%1&apos; はプロセス ID ではありません</translation>
    </message>
</context>
<context>
    <name>LogPage</name>
    <message>
        <source>All levels</source>
        <translation>すべてのレベル</translation>
    </message>
    <message>
        <source>Warnings and errors</source>
        <translation>警告とエラー</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>エラー</translation>
    </message>
    <message>
        <source>Search the log</source>
        <translation>ログを検索</translation>
    </message>
    <message>
        <source>&amp;Level:</source>
        <translation>レベル(&amp;L):</translation>
    </message>
    <message>
        <source>Connection events appear here.</source>
        <translation>接続イベントがここに表示されます。</translation>
    </message>
    <message>
        <source>warning: </source>
        <translation>警告: </translation>
    </message>
    <message>
        <source>error: </source>
        <translation>エラー: </translation>
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
        <translation>接続(&amp;C)</translation>
    </message>
    <message>
        <source>C&amp;hannels</source>
        <translation>チャンネル(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Publish</source>
        <translation>パブリッシュ(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Log</source>
        <translation>ログ(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Usage</source>
        <translation>使用量(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Routes</source>
        <translation>ルート(&amp;R)</translation>
    </message>
    <message>
        <source>Starting the broker…</source>
        <translation>ブローカーを起動しています…</translation>
    </message>
    <message>
        <source>— min this month</source>
        <translation>今月 — 分</translation>
    </message>
    <message>
        <source>Usage minutes of connections started this month (UTC), from the ledger</source>
        <translation>今月（UTC）開始した接続の使用分数（台帳より）</translation>
    </message>
    <message>
        <source>Broker listening on %1</source>
        <translation>ブローカーは %1 で待ち受け中</translation>
    </message>
    <message>
        <source>Publish API on %1:%2</source>
        <translation>パブリッシュ API: %1:%2</translation>
    </message>
    <message>
        <source>The broker could not start: %1</source>
        <translation>ブローカーを起動できませんでした: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n route(s) applied from %1</source>
        <translation>
            <numerusform>%1 から %n 件のルートを適用しました</numerusform>
        </translation>
    </message>
    <message>
        <source>Broker stopped</source>
        <translation>ブローカーは停止しました</translation>
    </message>
    <message>
        <source>Usage ledger: %1</source>
        <translation>使用量台帳: %1</translation>
    </message>
    <message>
        <source>The usage ledger is writing again.</source>
        <translation>使用量台帳への書き込みが再開しました。</translation>
    </message>
    <message>
        <source>%L1 min this month</source>
        <translation>今月 %L1 分</translation>
    </message>
    <message numerus="yes">
        <source>%1: %L2 usage minutes over %Ln connection(s), from the ledger</source>
        <translation>
            <numerusform>%1: %Ln 件の接続で %L2 使用分（台帳より）</numerusform>
        </translation>
    </message>
    <message>
        <source>Usage minutes unavailable: %1</source>
        <translation>使用分数を取得できません: %1</translation>
    </message>
    <message>
        <source>No routes file: the built-in test backend serves /test/stream, /test/sse and /test/long-poll. Start with --routes FILE for your own routes.</source>
        <translation>ルートファイルがありません。内蔵のテストバックエンドが /test/stream、/test/sse、/test/long-poll を提供します。独自のルートを使うには --routes FILE を付けて起動してください。</translation>
    </message>
    <message>
        <source>Could not save screenshots into %1</source>
        <translation>スクリーンショットを %1 に保存できませんでした</translation>
    </message>
    <message>
        <source>&amp;Broker</source>
        <translation>ブローカー(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>起動(&amp;S)</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Restart</source>
        <translation>再起動(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>編集(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>設定(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>表示(&amp;V)</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>接続</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>チャンネル</translation>
    </message>
    <message>
        <source>Publish</source>
        <translation>パブリッシュ</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>ログ</translation>
    </message>
    <message>
        <source>Usage</source>
        <translation>使用量</translation>
    </message>
    <message>
        <source>Routes</source>
        <translation>ルート</translation>
    </message>
    <message>
        <source>Broker</source>
        <comment>toolbar title</comment>
        <translation>ブローカー</translation>
    </message>
    <message>
        <source>Settings saved; they apply the next time the broker starts.</source>
        <translation>設定を保存しました。次回ブローカーの起動時に反映されます。</translation>
    </message>
    <message>
        <source>Stopping the broker…</source>
        <translation>ブローカーを停止しています…</translation>
    </message>
    <message>
        <source>#%1 %2 opened from %3 %4</source>
        <translation>#%1 %2 接続開始（%3、%4）</translation>
    </message>
    <message>
        <source>#%1 %2 closed: %3 (in %L4 B, out %L5 B)</source>
        <translation>#%1 %2 クローズ: %3（受信 %L4 B、送信 %L5 B）</translation>
    </message>
    <message numerus="yes">
        <source>%Ln live connection(s), %L1 accepted</source>
        <translation>
            <numerusform>接続中 %Ln 件、受付累計 %L1 件</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 deliveries/s</source>
        <translation>%1 配信/秒</translation>
    </message>
    <message>
        <source>&amp;Test clients</source>
        <translation>テストクライアント(&amp;T)</translation>
    </message>
    <message>
        <source>Test clients</source>
        <translation>テストクライアント</translation>
    </message>
    <message>
        <source>TLS listener (https://, wss://) on %1:%2</source>
        <translation>TLS リスナー (https://, wss://): %1:%2</translation>
    </message>
    <message>
        <source>TLS certificate reloaded: %1, valid until %2</source>
        <translation>TLS 証明書を再読み込みしました: %1、有効期限 %2</translation>
    </message>
</context>
<context>
    <name>PublishComposer</name>
    <message>
        <source>e.g. test</source>
        <translation>例: test</translation>
    </message>
    <message>
        <source>&amp;Channel:</source>
        <translation>チャンネル(&amp;C):</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>省略可</translation>
    </message>
    <message>
        <source>&amp;Id:</source>
        <translation>ID(&amp;I):</translation>
    </message>
    <message>
        <source>&amp;Prev-id:</source>
        <translation>Prev-ID(&amp;P):</translation>
    </message>
    <message>
        <source>Chain: prev-id is the last id sent</source>
        <translation>連結: prev-id に直前に送った ID を使う</translation>
    </message>
    <message>
        <source>ws-message (WebSocket clients)</source>
        <translation>ws-message（WebSocket クライアント）</translation>
    </message>
    <message>
        <source>Action:</source>
        <translation>アクション:</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>テキスト</translation>
    </message>
    <message>
        <source>Binary (content-bin)</source>
        <translation>バイナリ（content-bin）</translation>
    </message>
    <message>
        <source>Type:</source>
        <translation>種類:</translation>
    </message>
    <message>
        <source>Content:</source>
        <translation>内容:</translation>
    </message>
    <message>
        <source>Load binary file…</source>
        <translation>バイナリファイルを読み込む…</translation>
    </message>
    <message>
        <source>none</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>Close code:</source>
        <translation>クローズコード:</translation>
    </message>
    <message>
        <source>Close reason:</source>
        <translation>クローズ理由:</translation>
    </message>
    <message>
        <source>http-stream (HTTP streams and SSE)</source>
        <translation>http-stream（HTTP ストリームと SSE）</translation>
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
        <translation>SSE イベントを挿入</translation>
    </message>
    <message>
        <source>SSE helper:</source>
        <translation>SSE ヘルパー:</translation>
    </message>
    <message>
        <source>http-response (long-polling)</source>
        <translation>http-response（ロングポーリング）</translation>
    </message>
    <message>
        <source>Code:</source>
        <translation>コード:</translation>
    </message>
    <message>
        <source>standard phrase</source>
        <translation>標準の文言</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>理由:</translation>
    </message>
    <message>
        <source>Header</source>
        <translation>ヘッダー</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>値</translation>
    </message>
    <message>
        <source>Add header</source>
        <translation>ヘッダーを追加</translation>
    </message>
    <message>
        <source>Remove header</source>
        <translation>ヘッダーを削除</translation>
    </message>
    <message>
        <source>Headers:</source>
        <translation>ヘッダー:</translation>
    </message>
    <message>
        <source>Body:</source>
        <translation>本文:</translation>
    </message>
    <message>
        <source>Request body:</source>
        <translation>リクエスト本文:</translation>
    </message>
    <message>
        <source>Edit &amp;raw JSON</source>
        <translation>JSON を直接編集(&amp;R)</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>送信先</translation>
    </message>
    <message>
        <source>Embedded broker</source>
        <translation>内蔵ブローカー</translation>
    </message>
    <message>
        <source>Remote publish URL:</source>
        <translation>リモートのパブリッシュ URL:</translation>
    </message>
    <message>
        <source>sent as Authorization: Bearer</source>
        <translation>Authorization: Bearer として送信</translation>
    </message>
    <message>
        <source>Key:</source>
        <translation>鍵:</translation>
    </message>
    <message>
        <source>&amp;Send (Ctrl+Enter)</source>
        <translation>送信(&amp;S) (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Copy as c&amp;url</source>
        <translation>curl としてコピー(&amp;U)</translation>
    </message>
    <message>
        <source>Nothing sent yet.</source>
        <translation>まだ何も送信していません。</translation>
    </message>
    <message>
        <source>History (double-click to load):</source>
        <translation>履歴（ダブルクリックで読み込み）:</translation>
    </message>
    <message>
        <source>Re-send</source>
        <translation>再送信</translation>
    </message>
    <message>
        <source>Embedded broker (%1)</source>
        <translation>内蔵ブローカー（%1）</translation>
    </message>
    <message>
        <source>Embedded broker (not running)</source>
        <translation>内蔵ブローカー（停止中）</translation>
    </message>
    <message>
        <source>Not valid: %1</source>
        <translation>無効です: %1</translation>
    </message>
    <message>
        <source>Binary message content</source>
        <translation>バイナリのメッセージ内容</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>%1 を読み込めません: %2</translation>
    </message>
    <message>
        <source>%1 (%2 bytes)</source>
        <translation>%1（%2 バイト）</translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation>送信していません: %1</translation>
    </message>
    <message>
        <source>Not sent: the embedded broker is not running.</source>
        <translation>送信していません: 内蔵ブローカーが停止しています。</translation>
    </message>
    <message>
        <source>Not sent: %1 is not a URL.</source>
        <translation>送信していません: %1 は URL ではありません。</translation>
    </message>
    <message>
        <source>Sending to %1…</source>
        <translation>%1 に送信しています…</translation>
    </message>
    <message>
        <source>Failed after %1 ms: %2</source>
        <translation>%1 ms 後に失敗しました: %2</translation>
    </message>
    <message>
        <source>Publish to %1 failed: %2</source>
        <translation>%1 へのパブリッシュに失敗しました: %2</translation>
    </message>
    <message>
        <source>HTTP %1 in %2 ms</source>
        <translation>HTTP %1（%2 ms）</translation>
    </message>
    <message>
        <source>Published to %1: HTTP %2</source>
        <translation>%1 にパブリッシュしました: HTTP %2</translation>
    </message>
    <message>
        <source>%1  %2 → %3 (HTTP %4)</source>
        <translation>%1  %2 → %3（HTTP %4）</translation>
    </message>
    <message>
        <source>Body from file (body-bin)…</source>
        <translation>ファイルから本文を読み込む（body-bin）…</translation>
    </message>
    <message>
        <source>Clear file</source>
        <translation>ファイルを解除</translation>
    </message>
    <message>
        <source>GRIP_URL:</source>
        <translation>GRIP_URL:</translation>
    </message>
    <message>
        <source>Paste the GRIP_URL your backend uses: the publish endpoint and key (or iss and key for a signed token) are read from it.</source>
        <translation>バックエンドで使っている GRIP_URL を貼り付けてください。パブリッシュエンドポイントと鍵（署名付きトークンの場合は iss と鍵）をそこから読み取ります。</translation>
    </message>
    <message>
        <source>Response body</source>
        <translation>レスポンス本文</translation>
    </message>
    <message>
        <source>Not sent: the GRIP_URL is unusable: %1</source>
        <translation>送信していません: GRIP_URL を使用できません: %1</translation>
    </message>
</context>
<context>
    <name>ReportCommand</name>
    <message>
        <source>Usage minutes of one UTC month from the ledger, grouped by route, transport or day. Connections count in the month they started; open ones count up to now and are marked open.</source>
        <translation>台帳から UTC の 1 か月分の使用分数を、ルート・トランスポート・日ごとに集計します。接続は開始した月に計上され、継続中の接続は現在までを計上して open と記されます。</translation>
    </message>
    <message>
        <source>Show this help and exit.</source>
        <translation>このヘルプを表示して終了します。</translation>
    </message>
    <message>
        <source>The UTC month (default: this month).</source>
        <translation>UTC の月（既定値: 今月）。</translation>
    </message>
    <message>
        <source>Rows per route (default), transport or day.</source>
        <translation>行の単位: ルート（既定）、トランスポート、または日。</translation>
    </message>
    <message>
        <source>Output format (default csv).</source>
        <translation>出力形式（既定値: csv）。</translation>
    </message>
    <message>
        <source>Write to FILE instead of stdout.</source>
        <translation>標準出力の代わりに FILE に書き出します。</translation>
    </message>
    <message>
        <source>file</source>
        <comment>value name in --help</comment>
        <translation>ファイル</translation>
    </message>
    <message>
        <source>The ledger to read (default %1).</source>
        <translation>読み込む台帳（既定値: %1）。</translation>
    </message>
    <message>
        <source>The subcommand.</source>
        <translation>サブコマンド。</translation>
    </message>
    <message>
        <source>Try &apos;holdfast report --help&apos;.</source>
        <translation>「holdfast report --help」を参照してください。</translation>
    </message>
    <message>
        <source>unexpected argument &apos;%1&apos;</source>
        <translation>予期しない引数 &apos;%1&apos;</translation>
    </message>
    <message>
        <source>--month: &apos;%1&apos; is not a month (YYYY-MM)</source>
        <translation>--month: &apos;%1&apos; は月（YYYY-MM）ではありません</translation>
    </message>
    <message>
        <source>--by: &apos;%1&apos; is not route, transport or day</source>
        <translation>--by: &apos;%1&apos; は route、transport、day のいずれでもありません</translation>
    </message>
    <message>
        <source>--format: &apos;%1&apos; is not csv or json</source>
        <translation>--format: &apos;%1&apos; は csv でも json でもありません</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>%1 に書き込めません: %2</translation>
    </message>
</context>
<context>
    <name>RouteDialog</name>
    <message>
        <source>Add route</source>
        <translation>ルートを追加</translation>
    </message>
    <message>
        <source>Edit route</source>
        <translation>ルートを編集</translation>
    </message>
    <message>
        <source>* for any host, or example.com</source>
        <translation>* で任意のホスト、または example.com</translation>
    </message>
    <message>
        <source>&amp;Host to match:</source>
        <translation>対象ホスト(&amp;H):</translation>
    </message>
    <message>
        <source>HTTP and WebSocket</source>
        <translation>HTTP と WebSocket</translation>
    </message>
    <message>
        <source>HTTP only</source>
        <translation>HTTP のみ</translation>
    </message>
    <message>
        <source>WebSocket only</source>
        <translation>WebSocket のみ</translation>
    </message>
    <message>
        <source>&amp;Protocol:</source>
        <translation>プロトコル(&amp;P):</translation>
    </message>
    <message>
        <source>any path, or a prefix such as /api</source>
        <translation>任意のパス、または /api のようなプレフィックス</translation>
    </message>
    <message>
        <source>Path &amp;prefix:</source>
        <translation>パスのプレフィックス(&amp;A):</translation>
    </message>
    <message>
        <source>host:port, several separated by spaces (failover)</source>
        <translation>host:port（空白区切りで複数指定するとフェイルオーバー）</translation>
    </message>
    <message>
        <source>&amp;Targets:</source>
        <translation>転送先(&amp;T):</translation>
    </message>
    <message>
        <source>Connect to the origin over TLS</source>
        <translation>TLS でオリジンに接続する</translation>
    </message>
    <message>
        <source>TL&amp;S:</source>
        <translation>TLS(&amp;S):</translation>
    </message>
    <message>
        <source>Accept an origin certificate the trust store does not verify</source>
        <translation>トラストストアで検証できないオリジン証明書も受け入れる</translation>
    </message>
    <message>
        <source>keep the client&apos;s Host</source>
        <translation>クライアントの Host をそのまま使う</translation>
    </message>
    <message>
        <source>Host &amp;override:</source>
        <translation>Host の上書き(&amp;O):</translation>
    </message>
    <message>
        <source>Passthrough (no GRIP)</source>
        <translation>パススルー（GRIP なし）</translation>
    </message>
    <message>
        <source>Fanout (GRIP proxy)</source>
        <translation>Fanout（GRIP プロキシ）</translation>
    </message>
    <message>
        <source>Fanout over HTTP (WebSocket-over-HTTP)</source>
        <translation>HTTP 経由の Fanout（WebSocket-over-HTTP）</translation>
    </message>
    <message>
        <source>&amp;Mode:</source>
        <translation>モード(&amp;M):</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>unlimited</source>
        <translation>無制限</translation>
    </message>
    <message>
        <source>Max &amp;connection time:</source>
        <translation>最大接続時間(&amp;C):</translation>
    </message>
    <message>
        <source>generated from the condition</source>
        <translation>条件から自動生成</translation>
    </message>
    <message>
        <source>&amp;Id:</source>
        <translation>ID(&amp;I):</translation>
    </message>
    <message>
        <source>A route needs at least one target (host:port).</source>
        <translation>ルートには転送先（host:port）が 1 つ以上必要です。</translation>
    </message>
    <message>
        <source>targets</source>
        <translation>転送先</translation>
    </message>
    <message>
        <source>route</source>
        <translation>ルート</translation>
    </message>
    <message>
        <source>This route cannot be written as a routes-file line.</source>
        <translation>このルートはルートファイルの行として書き出せません。</translation>
    </message>
    <message>
        <source>I&amp;nsecure TLS:</source>
        <translation>安全でない TLS(&amp;N):</translation>
    </message>
</context>
<context>
    <name>RoutesModel</name>
    <message>
        <source>yes</source>
        <translation>はい</translation>
    </message>
    <message>
        <source>no</source>
        <translation>いいえ</translation>
    </message>
    <message>
        <source>Passthrough</source>
        <translation>パススルー</translation>
    </message>
    <message>
        <source>Fanout over HTTP</source>
        <translation>HTTP 経由の Fanout</translation>
    </message>
    <message>
        <source>Fanout (GRIP)</source>
        <translation>Fanout（GRIP）</translation>
    </message>
    <message numerus="yes">
        <source>%n s</source>
        <translation>
            <numerusform>%n 秒</numerusform>
        </translation>
    </message>
    <message>
        <source>unlimited</source>
        <translation>無制限</translation>
    </message>
    <message>
        <source>Condition</source>
        <translation>条件</translation>
    </message>
    <message>
        <source>Targets</source>
        <translation>転送先</translation>
    </message>
    <message>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <source>Host override</source>
        <translation>Host の上書き</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>モード</translation>
    </message>
    <message>
        <source>Max connection time</source>
        <translation>最大接続時間</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Insecure TLS</source>
        <translation>安全でない TLS</translation>
    </message>
</context>
<context>
    <name>RoutesPage</name>
    <message>
        <source>&amp;Add…</source>
        <translation>追加(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>編集(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>削除(&amp;R)</translation>
    </message>
    <message>
        <source>A&amp;pply</source>
        <translation>適用(&amp;P)</translation>
    </message>
    <message>
        <source>Put these routes in force now. Open connections keep going; new requests use the new routes.</source>
        <translation>これらのルートを今すぐ有効にします。既存の接続はそのまま続き、新しいリクエストから新しいルートを使います。</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>インポート(&amp;I)…</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>エクスポート(&amp;X)…</translation>
    </message>
    <message>
        <source>Import routes</source>
        <translation>ルートのインポート</translation>
    </message>
    <message>
        <source>Export routes</source>
        <translation>ルートのエクスポート</translation>
    </message>
    <message numerus="yes">
        <source>%n route(s) in force. Open connections kept their routes.</source>
        <translation>
            <numerusform>%n 件のルートが有効です。既存の接続は元のルートのままです。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Applying %n route(s)…</source>
        <translation>
            <numerusform>%n 件のルートを適用しています…</numerusform>
        </translation>
    </message>
    <message>
        <source>Not imported; the routes are unchanged:
%1</source>
        <translation>インポートしませんでした。ルートは変更されていません:
%1</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n route(s) from %1. Press Apply to put them in force.</source>
        <translation>
            <numerusform>%1 から %n 件のルートをインポートしました。有効にするには「適用」を押してください。</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1 に書き込めませんでした: %2</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n route(s) to %1.</source>
        <translation>
            <numerusform>%n 件のルートを %1 にエクスポートしました。</numerusform>
        </translation>
    </message>
    <message>
        <source>A&amp;pply (changed)</source>
        <translation>適用(&amp;P)（変更あり）</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <source>&amp;Listen on:</source>
        <translation>待ち受けアドレス(&amp;L):</translation>
    </message>
    <message>
        <source>&amp;Publish API on:</source>
        <translation>パブリッシュ API(&amp;P):</translation>
    </message>
    <message>
        <source>Publish &amp;key:</source>
        <translation>パブリッシュ鍵(&amp;K):</translation>
    </message>
    <message>
        <source>none: the publish API is open</source>
        <translation>なし: パブリッシュ API は認証なし</translation>
    </message>
    <message>
        <source>&amp;Sig key:</source>
        <translation>Sig 鍵(&amp;S):</translation>
    </message>
    <message>
        <source>Sig &amp;issuer:</source>
        <translation>Sig 発行者(&amp;I):</translation>
    </message>
    <message>
        <source>Le&amp;dger file:</source>
        <translation>台帳ファイル(&amp;D):</translation>
    </message>
    <message>
        <source>default location</source>
        <translation>既定の場所</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>システムの言語</translation>
    </message>
    <message>
        <source>Lan&amp;guage:</source>
        <translation>言語(&amp;G):</translation>
    </message>
    <message>
        <source>Saved settings are used the next time the broker starts (Broker ▸ Start or Restart); the ledger file when Holdfast next starts, and so does the language. Options given on the command line (such as --lang) win for that run.</source>
        <translation>保存した設定は次回ブローカーの起動時（ブローカー ▸ 起動 または 再起動）に使われます。台帳ファイルと言語は Holdfast の次回起動時に反映されます。コマンドラインで指定したオプション（--lang など）はその実行中は優先されます。</translation>
    </message>
    <message>
        <source>Set on the command line for this run: %1</source>
        <translation>今回コマンドラインで指定: %1</translation>
    </message>
    <message>
        <source>%1: &apos;%2&apos; is not address:port (for example 127.0.0.1:7676).</source>
        <translation>%1: &apos;%2&apos; は アドレス:ポート の形式ではありません（例: 127.0.0.1:7676）。</translation>
    </message>
    <message>
        <source>Listen on</source>
        <translation>待ち受けアドレス</translation>
    </message>
    <message>
        <source>Publish API on</source>
        <translation>パブリッシュ API</translation>
    </message>
    <message>
        <source>&amp;TLS listener (https://, wss://)</source>
        <translation>TLS リスナー (https://, wss://)(&amp;T)</translation>
    </message>
    <message>
        <source>Add&amp;ress:</source>
        <translation>アドレス(&amp;R):</translation>
    </message>
    <message>
        <source>&amp;Certificate file:</source>
        <translation>証明書ファイル(&amp;C):</translation>
    </message>
    <message>
        <source>Certificate chain (PEM, leaf first)</source>
        <translation>証明書チェーン（PEM、サーバー証明書が先頭）</translation>
    </message>
    <message>
        <source>Private ke&amp;y file:</source>
        <translation>秘密鍵ファイル(&amp;Y):</translation>
    </message>
    <message>
        <source>Private key (unencrypted PEM)</source>
        <translation>秘密鍵（暗号化されていない PEM）</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>参照…</translation>
    </message>
    <message>
        <source>PEM files (*.pem *.crt *.key);;All files (*)</source>
        <translation>PEM ファイル (*.pem *.crt *.key);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>TLS listener address</source>
        <translation>TLS リスナーのアドレス</translation>
    </message>
    <message>
        <source>The TLS listener needs a certificate file and a key file.</source>
        <translation>TLS リスナーには証明書ファイルと鍵ファイルの両方が必要です。</translation>
    </message>
    <message>
        <source>TLS listener: %1</source>
        <translation>TLS リスナー: %1</translation>
    </message>
</context>
<context>
    <name>TestClientsModel</name>
    <message>
        <source>Client</source>
        <translation>クライアント</translation>
    </message>
    <message>
        <source>Transport</source>
        <translation>トランスポート</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>メッセージ</translation>
    </message>
    <message>
        <source>Connects</source>
        <translation>接続回数</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>待機中</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>接続中</translation>
    </message>
    <message>
        <source>handshake</source>
        <translation>ハンドシェイク</translation>
    </message>
    <message>
        <source>open</source>
        <comment>test client state</comment>
        <translation>オープン</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>クローズ</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <source>HTTP stream</source>
        <translation>HTTP ストリーム</translation>
    </message>
    <message>
        <source>long-poll</source>
        <translation>ロングポーリング</translation>
    </message>
</context>
<context>
    <name>TestClientsPage</name>
    <message>
        <source>Clients</source>
        <translation>クライアント</translation>
    </message>
    <message>
        <source>Traffic generator</source>
        <translation>トラフィック生成</translation>
    </message>
    <message>
        <source>&amp;Preset:</source>
        <translation>プリセット(&amp;P):</translation>
    </message>
    <message>
        <source>×</source>
        <translation>×</translation>
    </message>
    <message>
        <source>&amp;Target:</source>
        <translation>接続先(&amp;T):</translation>
    </message>
    <message>
        <source>WebSocket only; comma-separated to offer several</source>
        <translation>WebSocket のみ。複数はカンマ区切り</translation>
    </message>
    <message>
        <source>One &quot;Name: value&quot; per line</source>
        <translation>1 行に 1 つ「Name: value」</translation>
    </message>
    <message>
        <source>&amp;Headers:</source>
        <translation>ヘッダー(&amp;H):</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>開く(&amp;O)</translation>
    </message>
    <message>
        <source>Close &amp;all</source>
        <translation>すべて閉じる(&amp;A)</translation>
    </message>
    <message>
        <source>Clear &amp;ended</source>
        <translation>終了分を消去(&amp;E)</translation>
    </message>
    <message>
        <source>Select a client to see its latest messages.</source>
        <translation>クライアントを選択すると最新のメッセージが表示されます。</translation>
    </message>
    <message>
        <source>Text to send</source>
        <translation>送信するテキスト</translation>
    </message>
    <message>
        <source>&amp;Binary (hex)</source>
        <translation>バイナリ (16 進)(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>送信(&amp;S)</translation>
    </message>
    <message>
        <source>WebSocket close code; other transports just close</source>
        <translation>WebSocket のクローズコード。他のトランスポートは単に閉じます</translation>
    </message>
    <message>
        <source>&amp;Close with</source>
        <translation>クローズコード(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Reconnect</source>
        <translation>再接続(&amp;R)</translation>
    </message>
    <message>
        <source>Custom URL</source>
        <translation>任意の URL</translation>
    </message>
    <message>
        <source>Embedded broker: SSE %1</source>
        <translation>内蔵ブローカー: SSE %1</translation>
    </message>
    <message>
        <source>Embedded broker: HTTP stream %1</source>
        <translation>内蔵ブローカー: HTTP ストリーム %1</translation>
    </message>
    <message>
        <source>Embedded broker: long-poll %1</source>
        <translation>内蔵ブローカー: ロングポーリング %1</translation>
    </message>
    <message>
        <source>Embedded broker: WebSocket %1 (echo)</source>
        <translation>内蔵ブローカー: WebSocket %1 (エコー)</translation>
    </message>
    <message>
        <source>Seed example: curl -i http://localhost:7676/test/stream</source>
        <translation>シードの例: curl -i http://localhost:7676/test/stream</translation>
    </message>
    <message>
        <source>Seed example: holdfast load --url http://127.0.0.1:7676/test/sse</source>
        <translation>シードの例: holdfast load --url http://127.0.0.1:7676/test/sse</translation>
    </message>
    <message numerus="yes">
        <source>Client %1.%2: %3, %Ln message(s)</source>
        <translation>
            <numerusform>クライアント %1.%2: %3、メッセージ %Ln 件</numerusform>
        </translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation>理由: %1</translation>
    </message>
    <message>
        <source>S&amp;ubprotocol:</source>
        <translation>サブプロトコル(&amp;U):</translation>
    </message>
</context>
<context>
    <name>TrafficGeneratorPage</name>
    <message>
        <source>Clients &amp;connect to:</source>
        <translation>クライアントの接続先(&amp;C):</translation>
    </message>
    <message>
        <source>as fast as possible</source>
        <translation>可能な限り速く</translation>
    </message>
    <message>
        <source> /s</source>
        <translation> /秒</translation>
    </message>
    <message>
        <source>ramped at</source>
        <translation>立ち上げ速度</translation>
    </message>
    <message>
        <source>C&amp;lients:</source>
        <translation>クライアント数(&amp;L):</translation>
    </message>
    <message>
        <source>Embedded broker</source>
        <translation>内蔵ブローカー</translation>
    </message>
    <message>
        <source>Remote publish URL</source>
        <translation>リモートのパブリッシュ URL</translation>
    </message>
    <message>
        <source>key (Authorization: Bearer)</source>
        <translation>キー (Authorization: Bearer)</translation>
    </message>
    <message>
        <source>P&amp;ublish to:</source>
        <translation>パブリッシュ先(&amp;U):</translation>
    </message>
    <message>
        <source>as fast as answered</source>
        <translation>応答され次第</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>channel</source>
        <translation>チャンネル</translation>
    </message>
    <message>
        <source>for</source>
        <translation>期間</translation>
    </message>
    <message>
        <source>&amp;Rate:</source>
        <translation>レート(&amp;R):</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>開始(&amp;S)</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>%v of %m clients opened</source>
        <translation>%m 中 %v クライアントを接続済み</translation>
    </message>
    <message>
        <source>waiting for the broker&apos;s publish API</source>
        <translation>ブローカーのパブリッシュ API を待っています</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>開始中…</translation>
    </message>
    <message>
        <source>Resolving</source>
        <translation>名前解決中</translation>
    </message>
    <message>
        <source>Ramping up</source>
        <translation>立ち上げ中</translation>
    </message>
    <message>
        <source>Settling</source>
        <translation>安定待ち</translation>
    </message>
    <message>
        <source>Publishing</source>
        <translation>パブリッシュ中</translation>
    </message>
    <message>
        <source>Waiting for late deliveries</source>
        <translation>遅れた配信を待っています</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>完了</translation>
    </message>
    <message>
        <source>%1 after %2 s</source>
        <translation>%1 (%2 秒経過)</translation>
    </message>
    <message>
        <source>first failure: %1</source>
        <translation>最初の失敗: %1</translation>
    </message>
    <message>
        <source>publish error: %1</source>
        <translation>パブリッシュのエラー: %1</translation>
    </message>
    <message>
        <source>%L1 open, %L2 failed · %L3 delivered/s · %L4 received · %L5 lost of %L6 expected · %L7 publishes sent, %L8 failed</source>
        <translation>オープン %L1、失敗 %L2 · 配信 %L3/秒 · 受信 %L4 · 期待 %L6 中 %L5 件消失 · パブリッシュ送信 %L7、失敗 %L8</translation>
    </message>
    <message>
        <source>Delivery latency p50 %1 · p90 %2 · p99 %3 · max %4</source>
        <translation>配信レイテンシ p50 %1 · p90 %2 · p99 %3 · 最大 %4</translation>
    </message>
</context>
<context>
    <name>UsageChart</name>
    <message>
        <source>Usage minutes of this month folded into monthly totals: %L1. The days are no longer kept.</source>
        <translation>月次合計にまとめられた今月の使用分数: %L1。日ごとの記録は残っていません。</translation>
    </message>
    <message numerus="yes">
        <source>%1: %L2 usage minutes, %Ln connection(s)</source>
        <translation>
            <numerusform>%1: 使用 %L2 分、接続 %Ln 件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln still open, counted up to now</source>
        <translation>
            <numerusform>%Ln 件が継続中（現在までを計上）</numerusform>
        </translation>
    </message>
    <message>
        <source>No usage to show.</source>
        <translation>表示する使用量はありません。</translation>
    </message>
</context>
<context>
    <name>UsageExporter</name>
    <message>
        <source>Another export is running.</source>
        <translation>別のエクスポートを実行中です。</translation>
    </message>
    <message>
        <source>Reading %1 from the ledger…</source>
        <translation>台帳から %1 を読み込んでいます…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Exporting usage</source>
        <translation>使用量のエクスポート</translation>
    </message>
    <message>
        <source>Writing %1…</source>
        <translation>%1 を書き出しています…</translation>
    </message>
    <message>
        <source>Export cancelled.</source>
        <translation>エクスポートを中止しました。</translation>
    </message>
    <message>
        <source>Holdfast usage %1</source>
        <translation>Holdfast 使用量 %1</translation>
    </message>
    <message>
        <source>cannot write %1</source>
        <translation>%1 に書き込めません</translation>
    </message>
    <message>
        <source>Holdfast usage %1 — page %2</source>
        <translation>Holdfast 使用量 %1 — %2 ページ</translation>
    </message>
    <message>
        <source>Holdfast usage report</source>
        <translation>Holdfast 使用量レポート</translation>
    </message>
    <message>
        <source>Month %1 (UTC), taken %2 from the usage ledger. %3</source>
        <translation>%1（UTC）、%2 に使用量台帳から作成。%3</translation>
    </message>
    <message>
        <source>The month is over and complete.</source>
        <translation>この月は終了しており、確定しています。</translation>
    </message>
    <message>
        <source>Figures can still change: the month is not over or connections are still open.</source>
        <translation>数値はまだ変わる可能性があります。月が終わっていないか、継続中の接続があります。</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>接続</translation>
    </message>
    <message>
        <source>Of which still open</source>
        <translation>うち継続中</translation>
    </message>
    <message>
        <source>%1 (counted up to when the report was taken)</source>
        <translation>%1（レポート作成時点までを計上）</translation>
    </message>
    <message>
        <source>Usage minutes</source>
        <translation>使用分数</translation>
    </message>
    <message>
        <source>Millions of minutes</source>
        <translation>使用分数（百万分）</translation>
    </message>
    <message>
        <source>Bytes in (from clients)</source>
        <translation>受信バイト（クライアントから）</translation>
    </message>
    <message>
        <source>%1 (%2 bytes)</source>
        <translation>%1（%2 バイト）</translation>
    </message>
    <message>
        <source>Bytes out (to clients)</source>
        <translation>送信バイト（クライアントへ）</translation>
    </message>
    <message>
        <source>Totals</source>
        <translation>合計</translation>
    </message>
    <message>
        <source>Minutes per day (UTC, by the day a connection started)</source>
        <translation>日ごとの分数（UTC、接続の開始日で集計）</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合計</translation>
    </message>
    <message>
        <source>By route</source>
        <translation>ルート別</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>ルート</translation>
    </message>
    <message>
        <source>By transport</source>
        <translation>トランスポート別</translation>
    </message>
    <message>
        <source>Transport</source>
        <translation>トランスポート</translation>
    </message>
</context>
<context>
    <name>UsageLoader</name>
    <message>
        <source>No usage ledger: the broker runs without one.</source>
        <translation>使用量台帳はありません。ブローカーは台帳なしで動作しています。</translation>
    </message>
    <message>
        <source>No usage ledger yet at %1.</source>
        <translation>%1 にはまだ使用量台帳がありません。</translation>
    </message>
</context>
<context>
    <name>UsageMonitor</name>
    <message>
        <source>no ledger yet</source>
        <translation>台帳はまだありません</translation>
    </message>
</context>
<context>
    <name>UsagePage</name>
    <message>
        <source>Usage exported to %1</source>
        <translation>使用量を %1 にエクスポートしました</translation>
    </message>
    <message>
        <source>Usage export failed: %1</source>
        <translation>使用量のエクスポートに失敗しました: %1</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>ルート</translation>
    </message>
    <message>
        <source>Transport</source>
        <translation>トランスポート</translation>
    </message>
    <message>
        <source>&amp;Month (UTC):</source>
        <translation>月 (UTC)(&amp;M):</translation>
    </message>
    <message>
        <source>The month to show: connections count, whole, in the UTC month they started</source>
        <translation>表示する月。接続は開始した UTC の月にまとめて計上されます</translation>
    </message>
    <message>
        <source>&amp;This month</source>
        <translation>今月(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>更新(&amp;R)</translation>
    </message>
    <message>
        <source>Read the ledger again (it refreshes every %1 s while this tab is shown)</source>
        <translation>台帳を読み直します（このタブの表示中は %1 秒ごとに自動更新）</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>エクスポート(&amp;E)</translation>
    </message>
    <message>
        <source>by route</source>
        <translation>ルート別</translation>
    </message>
    <message>
        <source>by transport</source>
        <translation>トランスポート別</translation>
    </message>
    <message>
        <source>by day</source>
        <translation>日別</translation>
    </message>
    <message>
        <source>&amp;CSV</source>
        <translation>CSV(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;JSON</source>
        <translation>JSON(&amp;J)</translation>
    </message>
    <message>
        <source>%1 %2…</source>
        <translation>%1（%2）…</translation>
    </message>
    <message>
        <source>&amp;PDF report…</source>
        <translation>PDF レポート(&amp;P)…</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>接続</translation>
    </message>
    <message>
        <source>Still open</source>
        <translation>継続中</translation>
    </message>
    <message>
        <source>Usage minutes</source>
        <translation>使用分数</translation>
    </message>
    <message>
        <source>Millions of minutes</source>
        <translation>使用分数（百万分）</translation>
    </message>
    <message>
        <source>Bytes in</source>
        <translation>受信バイト</translation>
    </message>
    <message>
        <source>Bytes out</source>
        <translation>送信バイト</translation>
    </message>
    <message>
        <source>Minutes per day (UTC, by the day a connection started)</source>
        <translation>日ごとの分数（UTC、接続の開始日で集計）</translation>
    </message>
    <message>
        <source>By route</source>
        <translation>ルート別</translation>
    </message>
    <message>
        <source>By transport</source>
        <translation>トランスポート別</translation>
    </message>
    <message>
        <source>Reading the ledger…</source>
        <translation>台帳を読み込んでいます…</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>%1 を読み込んでいます…</translation>
    </message>
    <message>
        <source>Connections of this month still open: their minutes count up to the time of the last refresh and will grow</source>
        <translation>今月の継続中の接続。分数は最後の更新時点までを計上しており、今後も増えます</translation>
    </message>
    <message>
        <source>Each connection&apos;s duration rounded up to whole minutes, at least one</source>
        <translation>各接続の継続時間を分単位に切り上げた値（最低 1 分）</translation>
    </message>
    <message>
        <source>%1 bytes from clients</source>
        <translation>クライアントから %1 バイト</translation>
    </message>
    <message>
        <source>%1 bytes to clients</source>
        <translation>クライアントへ %1 バイト</translation>
    </message>
    <message>
        <source>%1 is complete (read %2 UTC).</source>
        <translation>%1 は確定しています（%2 UTC に読み込み）。</translation>
    </message>
    <message numerus="yes">
        <source>As of %1 UTC; %n connection(s) still open, counted up to then.</source>
        <translation>
            <numerusform>%1 UTC 時点。継続中の接続 %n 件はこの時点までを計上しています。</numerusform>
        </translation>
    </message>
    <message>
        <source>As of %1 UTC.</source>
        <translation>%1 UTC 時点。</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV ファイル (*.csv)</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON ファイル (*.json)</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF ファイル (*.pdf)</translation>
    </message>
    <message>
        <source>Export usage of %1</source>
        <translation>%1 の使用量をエクスポート</translation>
    </message>
</context>
<context>
    <name>UsageTableModel</name>
    <message numerus="yes">
        <source>%n connection(s) still open, counted up to when the report was taken</source>
        <translation>
            <numerusform>継続中の接続 %n 件（レポート作成時点までを計上）</numerusform>
        </translation>
    </message>
    <message>
        <source>%L1 bytes</source>
        <translation>%L1 バイト</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>接続</translation>
    </message>
    <message>
        <source>Open</source>
        <comment>column: connections still open</comment>
        <translation>継続中</translation>
    </message>
    <message>
        <source>Minutes</source>
        <translation>分数</translation>
    </message>
    <message>
        <source>Million minutes</source>
        <translation>百万分</translation>
    </message>
    <message>
        <source>Bytes in</source>
        <translation>受信バイト</translation>
    </message>
    <message>
        <source>Bytes out</source>
        <translation>送信バイト</translation>
    </message>
    <message>
        <source>Messages in</source>
        <translation>受信メッセージ</translation>
    </message>
    <message>
        <source>Messages out</source>
        <translation>送信メッセージ</translation>
    </message>
</context>
</TS>
