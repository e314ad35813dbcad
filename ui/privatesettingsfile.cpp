#include "privatesettingsfile.h"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>

bool PrivateSettingsFile::prepare(const QString &fileName, QString *error)
{
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    const QFileInfo info(fileName);
    const QString dirPath = info.absolutePath();
    if (!QFileInfo::exists(dirPath)) {
        if (!QDir().mkpath(dirPath))
            return fail(QStringLiteral("cannot create the directory %1").arg(dirPath));
        QFile::setPermissions(dirPath, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }
    const QByteArray encoded = QFile::encodeName(info.absoluteFilePath());
    const int fd = ::open(encoded.constData(), O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
    if (fd < 0)
        return fail(QStringLiteral("cannot create %1: %2")
                        .arg(info.absoluteFilePath(), QString::fromLocal8Bit(strerror(errno))));
    // An existing file keeps its mode through open(): narrow it.
    const bool narrowed = ::fchmod(fd, 0600) == 0;
    ::close(fd);
    if (!narrowed)
        return fail(QStringLiteral("cannot make %1 private: %2")
                        .arg(info.absoluteFilePath(), QString::fromLocal8Bit(strerror(errno))));
    return true;
}
