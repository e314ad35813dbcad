#pragma once

#include <QByteArray>

#include "grip/publishitem.h"

// One published item prepared once for every subscriber of its channel: subscribers write these
// shared buffers, so a publish costs one serialization however many connections receive it.
struct Delivery
{
    QByteArray channel;
    const PublishItem *item = nullptr;
    QByteArray streamChunk; // http-stream content framed as one HTTP/1.1 chunk
    QByteArray wsFrame;     // ws-message content as one unmasked WebSocket frame
};

// A held connection as the channel hub sees it.
class Subscriber
{
public:
    virtual void deliver(const Delivery &delivery) = 0;

protected:
    ~Subscriber() = default;
};
