#pragma once
//
// common.h - tickworks shared definitions
//
#include <ntddk.h>

constexpr ULONG TW_TAG = 'kwKT';

#define TW_LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "tickworks: " fmt "\n", __VA_ARGS__)

#define IOCTL_TW_POST   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x9C0, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_TW_STATS  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x9C1, METHOD_BUFFERED, FILE_READ_ACCESS)

struct TW_STATS
{
    LONG Ticks;
    LONG HousekeepingRuns;
    LONG RequestsPosted;
    LONG RequestsDone;
};

enum class RequestKind : ULONG { User = 1, Housekeeping = 2 };

struct TW_REQUEST
{
    LIST_ENTRY  Link;
    RequestKind Kind;
    ULONG       Value;
};

class SpinLockGuard
{
public:
    explicit SpinLockGuard(PKSPIN_LOCK lock) noexcept : m_Lock(lock) { KeAcquireSpinLock(m_Lock, &m_Irql); }
    ~SpinLockGuard() { KeReleaseSpinLock(m_Lock, m_Irql); }
    SpinLockGuard(const SpinLockGuard&) = delete;
    SpinLockGuard& operator=(const SpinLockGuard&) = delete;
private:
    PKSPIN_LOCK m_Lock;
    KIRQL       m_Irql;
};

extern TW_STATS g_Stats;
