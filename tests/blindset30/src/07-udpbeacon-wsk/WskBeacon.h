// WskBeacon.h - sends small UDP status datagrams from kernel mode.
// (c) me, MIT licensed. Used by my home-lab "is the box alive" monitor.
#pragma once

#include <ntddk.h>
#include <wsk.h>

#define BEACON_TAG          'nceB'
#define BEACON_NPI_WAIT_MS  3000        // don't block boot forever in DriverEntry

#define BLOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_ERROR_LEVEL, "beacon: " fmt "\n", __VA_ARGS__)

class WskBeacon
{
public:
    WskBeacon() = default;
    ~WskBeacon();

    WskBeacon(const WskBeacon&) = delete;
    WskBeacon& operator=(const WskBeacon&) = delete;

    NTSTATUS Init(_In_ const SOCKADDR_IN& Target);
    NTSTATUS SendText(_In_z_ const char* Text);

    static void* operator new(size_t Size, POOL_FLAGS Flags, ULONG Tag) noexcept
    {
        return ExAllocatePool2(Flags, Size, Tag);
    }
    static void operator delete(void* P) noexcept
    {
        if (P != nullptr) {
            ExFreePoolWithTag(P, BEACON_TAG);
        }
    }

private:
    NTSTATUS CreateSocket();
    NTSTATUS Bind();

    // run an IRP based WSK call synchronously
    class SyncIrp
    {
    public:
        SyncIrp();
        ~SyncIrp();
        PIRP Get() const { return m_irp; }
        NTSTATUS Wait(_In_ NTSTATUS CallStatus);
        ULONG_PTR Information() const { return m_irp->IoStatus.Information; }
    private:
        static IO_COMPLETION_ROUTINE Complete;
        PIRP   m_irp = nullptr;
        KEVENT m_event;
    };

    WSK_REGISTRATION m_registration = {};
    WSK_PROVIDER_NPI m_npi = {};
    bool             m_npiCaptured = false;

    PWSK_SOCKET      m_socket = nullptr;
    SOCKADDR_IN      m_target = {};
};
