#pragma once

#include <QByteArray>
#include <QList>

#include "grip/gripinstruction.h"
#include "http/httpbodyframer.h"
#include "http/httpresponseparser.h"
#include "proxy/griphold.h"

// A GRIP backend's answer read to its end: the instruction from its Grip-* headers or from its
// application/grip-instruct body, and the response the client gets now (all of it for a plain
// answer, the start of the stream, or what a long-poll times out with).
class GripResponseReader
{
public:
    enum class State
    {
        NotGrip,  // no hold and no instruct body: the caller relays the response as it is
        NeedMore, // reading the body
        Done,     // instruction() and takeResponse() are ready
        Error     // error() says what the backend did wrong
    };

    // maxBodyBytes: a larger body is an error (Pushpin answers 502 too).
    State begin(const QByteArray &requestMethod, const HttpResponseHead &head,
                qsizetype maxBodyBytes);
    State feed(const char *data, qsizetype size);
    // The backend closed its connection (clean: without a socket error): the end of a body
    // delimited by the close, else an error.
    State closed(bool clean);

    // The last response head begun, kept past the hold's start for a console that starts
    // watching later; status 0 before the first.
    const HttpResponseHead &head() const { return m_head; }
    const GripInstruction &instruction() const { return m_instruction; }
    GripHold::Response takeResponse() { return std::move(m_response); }
    // "sent ...": what the backend did wrong, to follow "backend <origin> ".
    const QByteArray &error() const { return m_error; }
    // What the instruction asks for that Holdfast does not do (Grip-* headers it does not know,
    // and features not built yet), so the caller can say so once per route.
    const QList<QByteArray> &unsupported() const { return m_instruction.unsupportedHeaders; }

private:
    State complete();
    State fail(const QByteArray &error);

    HttpResponseHead m_head;
    GripInstruction m_instruction;
    GripHold::Response m_response;
    HttpBodyFramer m_body;
    QByteArray m_payload;
    QByteArray m_error;
    qsizetype m_maxBodyBytes = 0;
    bool m_instructBody = false;
};
