#include "descriptorexhaustion.h"

#include <fcntl.h>
#include <unistd.h>

DescriptorExhaustion::DescriptorExhaustion()
{
    getrlimit(RLIMIT_NOFILE, &m_saved);
    int highest = 0;
    const int scan = m_saved.rlim_cur < 65536 ? int(m_saved.rlim_cur) : 65536;
    for (int fd = 0; fd < scan; ++fd) {
        if (fcntl(fd, F_GETFD) != -1)
            highest = fd;
    }
    rlimit lowered = m_saved;
    lowered.rlim_cur = rlim_t(highest + 1);
    setrlimit(RLIMIT_NOFILE, &lowered);
    m_active = true;
    for (;;) {
        const int fd = ::dup(0);
        if (fd < 0)
            break;
        m_fillers.push_back(fd);
    }
}

void DescriptorExhaustion::release()
{
    if (!m_active)
        return;
    for (int fd : m_fillers)
        ::close(fd);
    m_fillers.clear();
    setrlimit(RLIMIT_NOFILE, &m_saved);
    m_active = false;
}
