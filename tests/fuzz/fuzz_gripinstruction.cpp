#include <cstddef>
#include <cstdint>

#include "grip/gripinstruction.h"
#include "http/httpheadcollector.h"
#include "http/httpheaders.h"

// A GRIP backend's instructions: the input is read both as header lines (Grip-Hold,
// Grip-Channel, Grip-Keep-Alive, Grip-Link, ...) and as an application/grip-instruct body.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));

    HttpHeaders headers;
    qsizetype pos = 0;
    QByteArrayView line;
    while (HttpHeadCollector::nextLine(input, &pos, &line))
        headers.addFieldLine(line);
    GripInstruction instruction;
    QString error;
    GripInstruction::parse(headers, &instruction, &error);
    (void)GripInstruction::isInstructContentType(headers);
    (void)GripInstruction::clientHeaders(headers);

    GripInstruction fromJson;
    int code = 0;
    QByteArray reason;
    HttpHeaders responseHeaders;
    QByteArray responseBody;
    GripInstruction::parseJson(input, &fromJson, &code, &reason, &responseHeaders, &responseBody,
                               &error);
    return 0;
}
