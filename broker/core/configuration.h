#pragma once

#include <QHostAddress>
#include <QList>
#include <QString>

#include "routes/route.h"

// Everything the broker needs to start, passed by value to Broker::start().
struct Configuration
{
    QHostAddress listenAddress = QHostAddress(QHostAddress::LocalHost);
    quint16 listenPort = 7676;
    QHostAddress publishAddress = QHostAddress(QHostAddress::LocalHost);
    quint16 publishPort = 5561;

    QList<Route> routes;
    QString routesFile; // watched and reloaded when set

    QString extraCaFile; // trusted for TLS origins in addition to the system store

    // Grip-Sig towards GRIP backends; Pushpin's default key, so backends written for it verify.
    QByteArray sigKey = "changeme";
    QByteArray sigIssuer = "holdfast";
    // Required on the publish API when set (Bearer, Basic password or Fastly-Key).
    QByteArray publishKey;

    int headerTimeoutMs = 10'000;
    int connectTimeoutMs = 10'000;
    // How long an origin or GRIP backend may take to start its response (nginx's
    // proxy_read_timeout default); long streams after the head are not limited.
    int responseTimeoutMs = 60'000;
    qsizetype maxHeaderBytes = 16 * 1024;
    // Past this many bytes queued towards a slow reader, the other side stops being read.
    qsizetype relayHighWaterBytes = 1024 * 1024;
    int snapshotIntervalMs = 250;
    // How long a stopping broker waits for WebSocket close handshakes and responses to finish.
    int shutdownGraceMs = 3'000;
};
