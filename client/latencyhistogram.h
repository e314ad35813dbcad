#pragma once

#include <vector>

#include <QtGlobal>

// Delivery latencies in microseconds, log-linear buckets (32 per power of two, so any figure it
// reports is within about 3 % of a recorded value): recording is O(1) with no allocation, and
// two histograms merge by adding buckets.
class LatencyHistogram
{
public:
    LatencyHistogram();

    void record(qint64 micros);
    void merge(const LatencyHistogram &other);
    void clear();

    quint64 count() const { return m_count; }
    qint64 min() const { return m_count ? m_min : 0; }
    qint64 max() const { return m_count ? m_max : 0; }
    double mean() const { return m_count ? double(m_sum) / double(m_count) : 0.0; }
    // The value at or below which `percent` of the recordings fall (nearest rank), reported as
    // the middle of its bucket and kept within [min, max]. 0 when empty.
    qint64 percentile(double percent) const;

    // For charts: bucket i holds values in [bucketLow(i), bucketHigh(i)].
    int bucketCount() const { return int(m_buckets.size()); }
    quint64 bucket(int index) const { return m_buckets[size_t(index)]; }
    static qint64 bucketLow(int index);
    static qint64 bucketHigh(int index);
    static int bucketIndex(qint64 micros);

private:
    std::vector<quint64> m_buckets;
    quint64 m_count = 0;
    qint64 m_sum = 0;
    qint64 m_min = 0;
    qint64 m_max = 0;
};
