// wfpi.h - wfpinspect: outbound transport byte/packet counters with a
// KMDF control device (\\.\WfpInspect) to read them.
#pragma once

#define NDIS630 1
#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>
#include <ndis.h>
#pragma warning(push)
#pragma warning(disable:4201)
#include <fwpsk.h>
#pragma warning(pop)
#include <fwpmk.h>

#define WFPI_TAG            'ipfW'
#define WFPI_DEVICE_NAME    L"\\Device\\WfpInspect"
#define WFPI_LINK_NAME      L"\\DosDevices\\WfpInspect"

#define IOCTL_WFPI_GET_STATS CTL_CODE(FILE_DEVICE_NETWORK, 0x830, METHOD_BUFFERED, FILE_READ_ACCESS)

#define WLOG(fmt, ...) DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_INFO_LEVEL,  "wfpinspect: " fmt "\n", __VA_ARGS__)
#define WERR(fmt, ...) DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_ERROR_LEVEL, "wfpinspect: " fmt "\n", __VA_ARGS__)

// {0D8E6A21-6C4B-4F0E-9B77-3A2E1F00AB01}
DEFINE_GUID(WFPI_SUBLAYER, 0x0d8e6a21, 0x6c4b, 0x4f0e, 0x9b, 0x77, 0x3a, 0x2e, 0x1f, 0x00, 0xab, 0x01);
// {0D8E6A21-6C4B-4F0E-9B77-3A2E1F00AB02}
DEFINE_GUID(WFPI_CALLOUT_OUT_V4, 0x0d8e6a21, 0x6c4b, 0x4f0e, 0x9b, 0x77, 0x3a, 0x2e, 0x1f, 0x00, 0xab, 0x02);

typedef struct _WFPI_STATS {
    LONG64 Packets;
    LONG64 Bytes;
    LONG64 OwnInjected;
} WFPI_STATS, *PWFPI_STATS;

namespace wfpi {

extern WFPI_STATS g_Stats;

// Runs a callable on scope exit unless dismissed.
template <typename F>
class ScopeGuard {
public:
    explicit ScopeGuard(F f) : m_F(f), m_Active(true) {}
    ~ScopeGuard() { if (m_Active) m_F(); }
    void Dismiss() { m_Active = false; }
    ScopeGuard(const ScopeGuard&) = delete;
    ScopeGuard& operator=(const ScopeGuard&) = delete;
    ScopeGuard(ScopeGuard&& o) : m_F(o.m_F), m_Active(o.m_Active) { o.m_Active = false; }
private:
    F    m_F;
    bool m_Active;
};

template <typename F>
ScopeGuard<F> MakeGuard(F f) { return ScopeGuard<F>(f); }

namespace device {
NTSTATUS       Create(_In_ WDFDRIVER Driver);
void           Delete();
PDEVICE_OBJECT Wdm();
}

namespace inject {
NTSTATUS Create();
void     Destroy();
HANDLE   Handle();
}

namespace callout {
NTSTATUS Register(_In_ PDEVICE_OBJECT DeviceObject);
void     Unregister();
}

namespace bfe {
NTSTATUS Open();
void     Close();
}

} // namespace wfpi
