#include "http/httpheaders.h"

#include <utility>

namespace {

// RFC 9110 5.6.2 tchar, as a table because it runs for every byte of every header name.
struct TokenTable
{
    bool allowed[256] = {};
    constexpr TokenTable()
    {
        for (int c = '0'; c <= '9'; ++c)
            allowed[c] = true;
        for (int c = 'a'; c <= 'z'; ++c)
            allowed[c] = true;
        for (int c = 'A'; c <= 'Z'; ++c)
            allowed[c] = true;
        for (const char c :
             {'!', '#', '$', '%', '&', '\'', '*', '+', '-', '.', '^', '_', '`', '|', '~'})
            allowed[static_cast<unsigned char>(c)] = true;
    }
};
constexpr TokenTable tokenTable;

bool isOws(char c)
{
    return c == ' ' || c == '\t';
}

char toLower(char c)
{
    return (c >= 'A' && c <= 'Z') ? char(c + ('a' - 'A')) : c;
}

// field-value bytes: VCHAR, obs-text, SP and HTAB; CR, LF and NUL are what make smuggling work.
bool isValueByte(unsigned char c)
{
    return c >= 0x20 ? c != 0x7f : c == '\t';
}

} // namespace

bool HttpHeaders::isToken(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    for (const char c : text) {
        if (!tokenTable.allowed[static_cast<unsigned char>(c)])
            return false;
    }
    return true;
}

bool HttpHeaders::equalsIgnoreCase(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (toLower(a[i]) != toLower(b[i]))
            return false;
    }
    return true;
}

QByteArrayView HttpHeaders::trimmed(QByteArrayView text)
{
    qsizetype begin = 0;
    qsizetype end = text.size();
    while (begin < end && isOws(text[begin]))
        ++begin;
    while (end > begin && isOws(text[end - 1]))
        --end;
    return text.sliced(begin, end - begin);
}

void HttpHeaders::add(const QByteArray &name, const QByteArray &value)
{
    m_list.append(HttpHeader{name, value});
}

void HttpHeaders::set(const QByteArray &name, const QByteArray &value)
{
    qsizetype first = -1;
    for (qsizetype i = 0; i < m_list.size();) {
        if (!equalsIgnoreCase(m_list.at(i).name, name)) {
            ++i;
        } else if (first < 0) {
            first = i;
            m_list[i] = HttpHeader{name, value};
            ++i;
        } else {
            m_list.removeAt(i);
        }
    }
    if (first < 0)
        add(name, value);
}

int HttpHeaders::remove(const QByteArray &name)
{
    return int(
        m_list.removeIf([&name](const HttpHeader &h) { return equalsIgnoreCase(h.name, name); }));
}

bool HttpHeaders::contains(const QByteArray &name) const
{
    for (const HttpHeader &h : m_list) {
        if (equalsIgnoreCase(h.name, name))
            return true;
    }
    return false;
}

QByteArray HttpHeaders::value(const QByteArray &name) const
{
    for (const HttpHeader &h : m_list) {
        if (equalsIgnoreCase(h.name, name))
            return h.value;
    }
    return {};
}

QList<QByteArray> HttpHeaders::values(const QByteArray &name) const
{
    QList<QByteArray> out;
    for (const HttpHeader &h : m_list) {
        if (equalsIgnoreCase(h.name, name))
            out.append(h.value);
    }
    return out;
}

int HttpHeaders::count(const QByteArray &name) const
{
    int n = 0;
    for (const HttpHeader &h : m_list) {
        if (equalsIgnoreCase(h.name, name))
            ++n;
    }
    return n;
}

bool HttpHeaders::hasToken(const QByteArray &name, const QByteArray &token) const
{
    for (const HttpHeader &h : m_list) {
        if (!equalsIgnoreCase(h.name, name))
            continue;
        QByteArrayView rest = h.value;
        while (!rest.isEmpty()) {
            const qsizetype comma = rest.indexOf(',');
            const QByteArrayView element = comma < 0 ? rest : rest.first(comma);
            if (equalsIgnoreCase(trimmed(element), token))
                return true;
            if (comma < 0)
                break;
            rest = rest.sliced(comma + 1);
        }
    }
    return false;
}

void HttpHeaders::removeHopByHop()
{
    // Trailer is end-to-end (RFC 9110 6.6.2): it announces trailer fields the relayed body carries.
    static const QByteArray fixed[] = {
        "Connection", "Keep-Alive",         "Proxy-Connection",   "TE",
        "Upgrade",    "Proxy-Authenticate", "Proxy-Authorization"};
    // Collect the names listed in Connection before Connection itself goes.
    QList<QByteArrayView> listed;
    for (const HttpHeader &h : m_list) {
        if (!equalsIgnoreCase(h.name, "Connection"))
            continue;
        QByteArrayView rest = h.value;
        while (!rest.isEmpty()) {
            const qsizetype comma = rest.indexOf(',');
            const QByteArrayView element = trimmed(comma < 0 ? rest : rest.first(comma));
            if (!element.isEmpty())
                listed.append(element);
            if (comma < 0)
                break;
            rest = rest.sliced(comma + 1);
        }
    }
    // The views in 'listed' point into Connection values, so filter into a new list rather than
    // erasing in place.
    QList<HttpHeader> kept;
    kept.reserve(m_list.size());
    for (const HttpHeader &h : std::as_const(m_list)) {
        bool drop = false;
        for (const QByteArray &name : fixed)
            drop = drop || equalsIgnoreCase(h.name, name);
        // The body is relayed with its framing, so a Connection option cannot strip it.
        const bool framing = equalsIgnoreCase(h.name, "Transfer-Encoding") ||
                             equalsIgnoreCase(h.name, "Content-Length");
        for (const QByteArrayView name : std::as_const(listed))
            drop = drop || (!framing && equalsIgnoreCase(h.name, name));
        if (!drop)
            kept.append(h);
    }
    m_list.swap(kept);
}

bool HttpHeaders::addFieldLine(QByteArrayView line)
{
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0)
        return false;
    const QByteArrayView name = line.first(colon);
    // A token never contains whitespace, so this also rejects obs-fold and "Name : value".
    if (!isToken(name))
        return false;
    const QByteArrayView value = trimmed(line.sliced(colon + 1));
    for (const char c : value) {
        if (!isValueByte(static_cast<unsigned char>(c)))
            return false;
    }
    m_list.append(HttpHeader{name.toByteArray(), value.toByteArray()});
    return true;
}
