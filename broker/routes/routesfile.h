#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include "routes/route.h"

struct RoutesParseResult
{
    QList<Route> routes;
    QStringList errors;   // each "FILE:LINE: what is wrong"; the line's route is dropped
    QStringList warnings; // each "FILE:LINE: ..."; the route (if any) is still loaded
    bool ok() const { return errors.isEmpty(); }
};

// Reads and writes Pushpin's routes file syntax. Every bad line is reported, not just the
// first, so a user can fix a file in one pass.
class RoutesFile
{
public:
    static RoutesParseResult parse(const QByteArray &text, const QString &fileName);
    // An unreadable file gives one error "PATH: cannot read: <reason>".
    static RoutesParseResult load(const QString &path);
    // One line per route; parses back to the same routes (see Route::operator==).
    static QByteArray serialize(const QList<Route> &routes);

    // One line on its own (e.g. a `--route` argument or a UI editor field). Blank and comment
    // lines give no route and no error; file-wide checks (duplicates) are not made.
    static RoutesParseResult parseLine(const QByteArray &line, const QString &fileName,
                                       int lineNumber);
};
