/*
 * stagepool.cpp - a legacy WDM driver of a barcode-scanner bridge, in C++.
 * Its state object is made in pool by a PoolNew template (placement new into
 * what ExAllocatePool2 gave); a Start method records in a member how far it
 * got, and a Teardown method switches on that member, falling through from
 * the last stage down. DriverEntry's failure path runs Teardown, then frees
 * the object.
 *
 * Violating: Teardown's case for the symbolic link deletes nothing, so the
 * link outlives a failed start (DE006) and the unload routine (DE011).
 */

#include <ntddk.h>

inline void *__cdecl operator new(size_t, void *where) noexcept { return where; }

#define SCAN_TAG 'nacS'

template <typename T>
T *PoolNew(ULONG tag)
{
    void *memory = ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(T), tag);
    if (memory == nullptr) {
        return nullptr;
    }
    return new (memory) T();
}

template <typename T>
void PoolDelete(T *object, ULONG tag)
{
    object->~T();
    ExFreePoolWithTag(object, tag);
}

extern "C" DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD ScanUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH ScanCreateClose;

static UNICODE_STRING ScanDeviceName = RTL_CONSTANT_STRING(L"\\Device\\ScanBridge");
static UNICODE_STRING ScanLinkName = RTL_CONSTANT_STRING(L"\\DosDevices\\ScanBridge");

class Bridge {
public:
    enum Stage : ULONG { StageNone = 0, StageDevice, StageLink, StageNotify };

    Bridge() {}
    ~Bridge() {}
    NTSTATUS Start(PDRIVER_OBJECT DriverObject);
    void Teardown();

private:
    static void OnProcess(HANDLE Parent, HANDLE Process, BOOLEAN Create)
    {
        UNREFERENCED_PARAMETER(Parent);
        UNREFERENCED_PARAMETER(Process);
        UNREFERENCED_PARAMETER(Create);
    }

    Stage m_stage = StageNone;
    PDEVICE_OBJECT m_device = nullptr;
};

static Bridge *ScanBridge;

NTSTATUS Bridge::Start(PDRIVER_OBJECT DriverObject)
{
    NTSTATUS status = IoCreateDevice(DriverObject, 0, &ScanDeviceName, FILE_DEVICE_UNKNOWN,
                                     FILE_DEVICE_SECURE_OPEN, FALSE, &m_device);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    m_stage = StageDevice;

    status = IoCreateSymbolicLink(&ScanLinkName, &ScanDeviceName);  // expect: DE011
    if (!NT_SUCCESS(status)) {
        return status;
    }
    m_stage = StageLink;

    status = PsSetCreateProcessNotifyRoutine(&Bridge::OnProcess, FALSE);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    m_stage = StageNotify;
    return STATUS_SUCCESS;
}

void Bridge::Teardown()
{
    switch (m_stage) {
    case StageNotify:
        PsSetCreateProcessNotifyRoutine(&Bridge::OnProcess, TRUE);
        __fallthrough;
    case StageLink:
        __fallthrough;
    case StageDevice:
        IoDeleteDevice(m_device);
        m_device = nullptr;
        __fallthrough;
    case StageNone:
    default:
        break;
    }
    m_stage = StageNone;
}

NTSTATUS ScanCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID ScanUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    ScanBridge->Teardown();
    PoolDelete(ScanBridge, SCAN_TAG);
    ScanBridge = nullptr;
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)  // expect-entry: wdm
{
    UNREFERENCED_PARAMETER(RegistryPath);

    Bridge *bridge = PoolNew<Bridge>(SCAN_TAG);
    if (bridge == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    NTSTATUS status = bridge->Start(DriverObject);
    if (!NT_SUCCESS(status)) {
        bridge->Teardown();
        PoolDelete(bridge, SCAN_TAG);
        return status;  // expect: DE006
    }

    ScanBridge = bridge;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = ScanCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = ScanCreateClose;
    DriverObject->DriverUnload = ScanUnload;
    return STATUS_SUCCESS;
}
