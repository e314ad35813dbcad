#pragma once

#include <QByteArray>
#include <QList>

#include "core/brokersnapshot.h"
#include "grip/gripinstruction.h"
#include "handler/subscriber.h"
#include "http/httpheaders.h"
#include "proxy/sessiontimers.h"

class ChannelHub;

// What a held connection needs from the session that owns the client socket.
class HoldOwner
{
public:
    virtual void holdWrite(const QByteArray &bytes) = 0;
    // The held response is complete: a long-poll answered or timed out, or a stream closed.
    virtual void holdEnded(bool closeConnection, const QByteArray &reason) = 0;

protected:
    ~HoldOwner() = default;
};

// One client connection held by a GRIP instruction: subscribed to its channels, it turns
// published items into bytes for the client (http-stream chunks, or the long-poll response),
// sends keep-alives and answers a long-poll with the backend's response when it times out.
class GripHold final : public Subscriber
{
    Q_DISABLE_COPY_MOVE(GripHold)

public:
    struct Response
    {
        int status = 200;
        QByteArray reason;
        HttpHeaders headers; // for the client: without Grip-* and hop-by-hop headers
        QByteArray body;

        // The response sent whole (no hold, or the built-in backend's refusal): framed by
        // Content-Length, with the standard reason phrase when none was given.
        QByteArray toBytes(bool closeConnection) const;
    };

    // What the console calls a connection held by instruction with this response.
    static ConnectionInfo::Transport transportFor(const GripInstruction &instruction,
                                                  const Response &response);

    // The instruction as the route names channels, as in Pushpin: `prefix` before each channel
    // the backend named, then the target's implicit channels (`sub=`) as written, unless named.
    static GripInstruction routed(GripInstruction instruction, const QByteArray &prefix,
                                  const QList<QByteArray> &implicitChannels);

    GripHold(HoldOwner &owner, SessionTimers timers, ChannelHub &hub,
             const GripInstruction &instruction, bool chunked);
    ~GripHold();

    // Stream mode: sends the head and the backend's initial body at once. Response mode
    // (long-poll): keeps the backend's response for the timeout.
    void start(Response response, qint64 nowMs);
    void onTimer(quint32 timerKind, qint64 nowMs);
    // Unsubscribes; deliveries and timers are ignored from now on.
    void detach();

    void deliver(const Delivery &delivery) override;

    bool isStream() const { return m_instruction.hold == GripInstruction::Hold::Stream; }
    // Grip-Link rel=gone: where to say that the client left (empty for none).
    const QByteArray &goneUrl() const { return m_instruction.gone.url; }
    QList<QByteArray> channels() const;
    quint64 messagesSent() const { return m_messagesSent; }

private:
    void startStream(Response response, qint64 nowMs);
    void startResponse(Response response, qint64 nowMs);
    void writeContent(const QByteArray &content, const QByteArray &preframed = {});
    void sendResponse(const Response &response, const QByteArray &why);
    void scheduleKeepAlive(qint64 nowMs);

    HoldOwner &m_owner;
    SessionTimers m_timers;
    ChannelHub &m_hub;
    GripInstruction m_instruction;
    Response m_timeoutResponse;
    qint64 m_lastWriteMs = 0;
    // Timer entries cannot be cancelled; these tell a due entry from a stale one.
    qint64 m_nextKeepAliveMs = 0;
    qint64 m_timeoutDeadlineMs = 0;
    quint64 m_messagesSent = 0;
    bool m_chunked;
    bool m_attached = true;
};
