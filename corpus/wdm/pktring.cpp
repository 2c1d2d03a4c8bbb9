//
// pktring.cpp - legacy capture driver: a kernel component fills a packet ring
// that a user-mode service maps and drains. The ring, its lookaside buffer
// and the process-notify registration are owned by one global object whose
// methods acquire and release them; DriverEntry calls Release() on every
// failure path. Built as C++ (/kernel), no exceptions.
//

#include <ntddk.h>

extern "C" DRIVER_INITIALIZE DriverEntry;

namespace {

constexpr ULONG PktRingTag = 'gRkP';
constexpr SIZE_T PktRingBytes = 256 * 1024;

class PacketRing {
public:
    NTSTATUS Allocate()
    {
        m_Ring = ExAllocatePoolWithTag(NonPagedPoolNx, PktRingBytes, PktRingTag);
        return m_Ring ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
    }

    NTSTATUS AllocateScratch()
    {
        m_Scratch = ExAllocatePoolWithTag(NonPagedPoolNx, PAGE_SIZE, PktRingTag);
        return m_Scratch != nullptr ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
    }

    void Release()
    {
        if (m_Scratch != nullptr) {
            ExFreePoolWithTag(m_Scratch, PktRingTag);
            m_Scratch = nullptr;
        }
        if (this->m_Ring != nullptr) {
            ExFreePoolWithTag(this->m_Ring, PktRingTag);
            this->m_Ring = nullptr;
        }
    }

private:
    PVOID m_Ring;
    PVOID m_Scratch;
};

PacketRing g_Ring;

DRIVER_UNLOAD PktRingUnload;

void PktRingProcessNotify(HANDLE ParentId, HANDLE ProcessId, BOOLEAN Create)
{
    UNREFERENCED_PARAMETER(ParentId);
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(Create);
}

void PktRingUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PsSetCreateProcessNotifyRoutine(PktRingProcessNotify, TRUE);
    g_Ring.Release();
}

} // namespace

extern "C" NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNREFERENCED_PARAMETER(RegistryPath);

    NTSTATUS status = g_Ring.Allocate();
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = g_Ring.AllocateScratch();
    if (!NT_SUCCESS(status)) {
        g_Ring.Release();
        return status;
    }

    status = PsSetCreateProcessNotifyRoutine(PktRingProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        g_Ring.Release();
        return status;
    }

    DriverObject->DriverUnload = PktRingUnload;
    return STATUS_SUCCESS;
}
