/*
 * slotpool.cpp - a C++ driver that allocates raw pool for its slot table and
 * constructs the table in it with placement new (`new (memory) SlotTable()`);
 * its cleanup runs the destructor explicitly and frees the memory through the
 * global pointer, which holds what the allocation returned.
 */

#include <ntddk.h>

inline void *operator new(size_t, void *where) noexcept
{
    return where;
}

#define SP_TAG 'lPlS'

extern "C" DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD SpUnload;

class SlotTable {
public:
    SlotTable() : m_Used(0) {}
    ~SlotTable() { m_Used = 0; }
    ULONG Used() const { return m_Used; }
private:
    ULONG m_Used;
};

static SlotTable *g_Slots;

static VOID
SpProcessNotify(_In_ HANDLE ParentId, _In_ HANDLE ProcessId, _In_ BOOLEAN Create)
{
    UNREFERENCED_PARAMETER(ParentId);
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(Create);
}

static VOID
SpCleanup(VOID)
{
    if (g_Slots != nullptr) {
        g_Slots->~SlotTable();
        ExFreePoolWithTag(g_Slots, SP_TAG);
        g_Slots = nullptr;
    }
}

VOID
SpUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PsSetCreateProcessNotifyRoutine(SpProcessNotify, TRUE);
    SpCleanup();
}

extern "C" NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNREFERENCED_PARAMETER(RegistryPath);
    PVOID memory = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(SlotTable), SP_TAG);
    if (memory == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    g_Slots = new (memory) SlotTable();
    NTSTATUS status = PsSetCreateProcessNotifyRoutine(SpProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        SpCleanup();
        return status;
    }
    DriverObject->DriverUnload = SpUnload;
    return STATUS_SUCCESS;
}
