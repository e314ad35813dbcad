#pragma once

// Data built on one thread and read on another after a queued signal or invokeMethod is safe:
// Qt posts the call under its event-queue mutex. ThreadSanitizer cannot see that mutex in a Qt
// that is not built with it (Debian's, whose QMutex is a bare futex), so it would call every such
// read a race. The data marks itself released when it is copied (ReleaseOnCopy, which also covers
// the copy Qt makes of a queued argument), the receiver acquires as its slot begins; TSan then
// orders the two and still checks everything else. Outside a TSan build both are empty.
#if defined(__SANITIZE_THREAD__)
#define HOLDFAST_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define HOLDFAST_TSAN 1
#endif
#endif

#ifdef HOLDFAST_TSAN
extern "C" void __tsan_acquire(void *addr);
extern "C" void __tsan_release(void *addr);
#endif

namespace threadhandoff {

// One per kind of hand-off; its address is what TSan orders on.
struct Token
{
    char unused = 0;
};

inline void release([[maybe_unused]] Token &token)
{
#ifdef HOLDFAST_TSAN
    __tsan_release(&token);
#endif
}

inline void acquire([[maybe_unused]] Token &token)
{
#ifdef HOLDFAST_TSAN
    __tsan_acquire(&token);
#endif
}

// A member that releases its token whenever the object holding it is copied, moved or assigned.
// Declared last, it runs after every other member is written, so it also covers the copy of a
// queued signal's argument that Qt makes after the sender's own code has returned.
template <Token &token> struct ReleaseOnCopy
{
    ReleaseOnCopy() = default;
    ReleaseOnCopy(const ReleaseOnCopy &) { release(token); }
    ReleaseOnCopy &operator=(const ReleaseOnCopy &)
    {
        release(token);
        return *this;
    }
    ~ReleaseOnCopy() = default;
};

} // namespace threadhandoff
