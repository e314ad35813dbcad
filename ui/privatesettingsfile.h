#pragma once

#include <QString>

// The settings file holds the publish key and the sig key, so it is the owner's alone: created
// 0600 in a 0700 directory before QSettings first writes it, and narrowed to 0600 if an older
// version left it readable. QSettings rewrites the file through QSaveFile, which keeps the mode
// of the file it replaces.
class PrivateSettingsFile
{
public:
    // False with *error set when the directory or the file cannot be made or narrowed.
    static bool prepare(const QString &fileName, QString *error = nullptr);
};
