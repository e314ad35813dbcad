#include "proxy/gripresponsereader.h"

#include <utility>

GripResponseReader::State GripResponseReader::begin(const QByteArray &requestMethod,
                                                    const HttpResponseHead &head,
                                                    qsizetype maxBodyBytes)
{
    m_head = head;
    m_maxBodyBytes = maxBodyBytes;
    m_payload.clear();
    m_response = {};
    m_error.clear();
    QString error;
    if (!GripInstruction::parse(head.headers, &m_instruction, &error))
        return fail("sent an invalid GRIP instruction: " + error.toUtf8());
    // Parsed but not acted on yet: said, never dropped silently.
    if (!m_instruction.next.url.isEmpty())
        m_instruction.unsupportedHeaders.append("Grip-Link rel=next (reliable streaming)");
    if (!m_instruction.meta.isEmpty())
        m_instruction.unsupportedHeaders.append("Grip-Set-Meta (used by filters)");
    for (const GripChannel &channel : std::as_const(m_instruction.channels)) {
        if (!channel.filters.isEmpty()) {
            m_instruction.unsupportedHeaders.append("Grip-Channel filter=");
            break;
        }
    }
    m_instructBody = GripInstruction::isInstructContentType(head.headers);
    if (m_instruction.hold == GripInstruction::Hold::None && !m_instructBody)
        return State::NotGrip;
    m_body = HttpBodyFramer::forResponse(requestMethod, head);
    return m_body.isComplete() ? complete() : State::NeedMore;
}

GripResponseReader::State GripResponseReader::feed(const char *data, qsizetype size)
{
    m_body.feed(data, size, &m_payload);
    if (m_body.hasError())
        return fail("sent a malformed body: " + m_body.errorText());
    if (m_payload.size() > m_maxBodyBytes)
        return fail("sent a GRIP response body over " + QByteArray::number(m_maxBodyBytes) +
                    " bytes");
    return m_body.isComplete() ? complete() : State::NeedMore;
}

GripResponseReader::State GripResponseReader::closed(bool clean)
{
    if (clean && m_body.kind() == HttpBodyFramer::Kind::UntilClose)
        return complete();
    return fail("closed the connection in the middle of a GRIP response");
}

GripResponseReader::State GripResponseReader::complete()
{
    if (m_instructBody) {
        QString error;
        if (!GripInstruction::parseJson(m_payload, &m_instruction, &m_response.status,
                                        &m_response.reason, &m_response.headers, &m_response.body,
                                        &error))
            return fail("sent an invalid application/grip-instruct body: " + error.toUtf8());
    } else {
        m_response.status = m_head.status;
        m_response.reason = m_head.reason;
        m_response.headers = GripInstruction::clientHeaders(m_head.headers);
        m_response.body = std::exchange(m_payload, QByteArray());
    }
    m_payload = QByteArray();
    if (m_instruction.status > 0) {
        m_response.status = m_instruction.status;
        m_response.reason = m_instruction.reason;
    }
    return State::Done;
}

GripResponseReader::State GripResponseReader::fail(const QByteArray &error)
{
    m_error = error;
    return State::Error;
}
