#pragma once

#include <vector>

#include <sys/resource.h>

// Leaves this process no free file descriptor, for tests of what happens at EMFILE: lowers the
// soft RLIMIT_NOFILE to just above the highest descriptor open and fills every lower hole (the
// kernel hands out the lowest free number). release() or the destructor undoes both.
class DescriptorExhaustion
{
public:
    DescriptorExhaustion();
    ~DescriptorExhaustion() { release(); }
    DescriptorExhaustion(const DescriptorExhaustion &) = delete;
    DescriptorExhaustion &operator=(const DescriptorExhaustion &) = delete;

    void release();

private:
    rlimit m_saved{};
    std::vector<int> m_fillers;
    bool m_active = false;
};
