#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

struct HttpHeader
{
    QByteArray name;
    QByteArray value;
};

// An ordered header list as it appears on the wire. Lookups are linear on purpose: a head has a
// dozen or so fields and a hash would cost more than it saves.
class HttpHeaders
{
public:
    void add(const QByteArray &name, const QByteArray &value);
    void set(const QByteArray &name, const QByteArray &value);
    int remove(const QByteArray &name);
    bool contains(const QByteArray &name) const;
    QByteArray value(const QByteArray &name) const;
    QList<QByteArray> values(const QByteArray &name) const;
    int count(const QByteArray &name) const;
    bool hasToken(const QByteArray &name, const QByteArray &token) const;
    void removeHopByHop();
    const QList<HttpHeader> &list() const { return m_list; }
    qsizetype size() const { return m_list.size(); }
    bool isEmpty() const { return m_list.isEmpty(); }
    void clear() { m_list.clear(); }

    // Parses one received field line (without its line terminator) and appends it. Returns false
    // for lines RFC 9112 says to reject: obs-fold, whitespace before the colon, a name that is not
    // a token, control characters in the value.
    bool addFieldLine(QByteArrayView line);

    static bool isToken(QByteArrayView text);
    static bool equalsIgnoreCase(QByteArrayView a, QByteArrayView b);
    static QByteArrayView trimmed(QByteArrayView text); // OWS: spaces and tabs only

private:
    QList<HttpHeader> m_list;
};
