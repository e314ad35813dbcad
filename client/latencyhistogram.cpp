#include "latencyhistogram.h"

#include <algorithm>
#include <cmath>

namespace {
// Exact below 64 µs; above, 32 buckets per power of two up to 2^40 µs (about 12 days).
constexpr int LinearLimit = 64;
constexpr int SubBuckets = 32;
constexpr int MaxMsb = 40;
constexpr int BucketTotal = SubBuckets * (MaxMsb - 4) + SubBuckets;
constexpr qint64 MaxValue = (qint64(1) << (MaxMsb + 1)) - 1;
} // namespace

LatencyHistogram::LatencyHistogram() : m_buckets(size_t(BucketTotal), 0) {}

int LatencyHistogram::bucketIndex(qint64 micros)
{
    const quint64 value = quint64(std::clamp<qint64>(micros, 0, MaxValue));
    if (value < quint64(LinearLimit))
        return int(value);
    const int msb = 63 - __builtin_clzll(value);
    const int shift = msb - 5;
    return shift * SubBuckets + int(value >> shift);
}

qint64 LatencyHistogram::bucketLow(int index)
{
    if (index < LinearLimit)
        return index;
    const int shift = index / SubBuckets - 1;
    const qint64 mantissa = index % SubBuckets + SubBuckets;
    return mantissa << shift;
}

qint64 LatencyHistogram::bucketHigh(int index)
{
    if (index < LinearLimit)
        return index;
    const int shift = index / SubBuckets - 1;
    const qint64 mantissa = index % SubBuckets + SubBuckets;
    return ((mantissa + 1) << shift) - 1;
}

void LatencyHistogram::record(qint64 micros)
{
    micros = std::clamp<qint64>(micros, 0, MaxValue);
    ++m_buckets[size_t(bucketIndex(micros))];
    if (m_count == 0 || micros < m_min)
        m_min = micros;
    if (m_count == 0 || micros > m_max)
        m_max = micros;
    ++m_count;
    m_sum += micros;
}

void LatencyHistogram::merge(const LatencyHistogram &other)
{
    if (other.m_count == 0)
        return;
    for (size_t i = 0; i < m_buckets.size(); ++i)
        m_buckets[i] += other.m_buckets[i];
    m_min = m_count ? std::min(m_min, other.m_min) : other.m_min;
    m_max = m_count ? std::max(m_max, other.m_max) : other.m_max;
    m_count += other.m_count;
    m_sum += other.m_sum;
}

void LatencyHistogram::clear()
{
    std::fill(m_buckets.begin(), m_buckets.end(), 0);
    m_count = 0;
    m_sum = 0;
    m_min = 0;
    m_max = 0;
}

qint64 LatencyHistogram::percentile(double percent) const
{
    if (m_count == 0)
        return 0;
    const double clamped = std::clamp(percent, 0.0, 100.0);
    const quint64 rank =
        std::max<quint64>(1, quint64(std::ceil(clamped / 100.0 * double(m_count))));
    quint64 seen = 0;
    for (size_t i = 0; i < m_buckets.size(); ++i) {
        seen += m_buckets[i];
        if (seen >= rank) {
            const qint64 middle = (bucketLow(int(i)) + bucketHigh(int(i))) / 2;
            return std::clamp(middle, m_min, m_max);
        }
    }
    return m_max;
}
