/*
 * ringnew.cpp - a C++ capture driver whose ring is made with the class's own
 * allocating operator new (`new (NonPagedPoolNx, RN_TAG) CaptureRing(...)`,
 * pool type and tag). The constructor allocates the ring's buffer and sets up
 * a lookaside list of records; the destructor undoes both. The cleanup
 * routine, shared by unload and the failure paths, runs the destructor
 * explicitly (`g_Ring->~CaptureRing()`) and frees the object's memory: the
 * destructor is followed on the object, so nothing is left.
 */

#include <ntddk.h>

#define RN_TAG 'gRnR'

struct CaptureRecord {
    ULONG Sequence;
    ULONG Length;
};

class CaptureRing {
public:
    void *operator new(size_t size, POOL_TYPE pool, ULONG tag) noexcept
    {
        return ExAllocatePoolWithTag(pool, size, tag);
    }

    explicit CaptureRing(SIZE_T bytes) : m_Bytes(bytes)
    {
        m_Buffer = ExAllocatePoolWithTag(NonPagedPoolNx, bytes, RN_TAG);
        ExInitializeNPagedLookasideList(&m_Records, nullptr, nullptr, POOL_NX_ALLOCATION,
                                        sizeof(CaptureRecord), RN_TAG, 0);
    }

    ~CaptureRing()
    {
        ExDeleteNPagedLookasideList(&m_Records);
        if (m_Buffer != nullptr) {
            ExFreePoolWithTag(m_Buffer, RN_TAG);
        }
    }

    bool Ready() const { return m_Buffer != nullptr; }

private:
    PVOID m_Buffer;
    SIZE_T m_Bytes;
    NPAGED_LOOKASIDE_LIST m_Records;
};

extern "C" DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD RnUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH RnCreateClose;

static CaptureRing *g_Ring;
static PDEVICE_OBJECT g_RnDevice;

static VOID
RnCleanup(VOID)
{
    if (g_Ring != nullptr) {
        g_Ring->~CaptureRing();
        ExFreePoolWithTag(g_Ring, RN_TAG);
        g_Ring = nullptr;
    }
}

_Use_decl_annotations_
NTSTATUS
RnCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
RnUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteDevice(g_RnDevice);
    RnCleanup();
}

extern "C" NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNREFERENCED_PARAMETER(RegistryPath);

    g_Ring = new (NonPagedPoolNx, RN_TAG) CaptureRing(4 * PAGE_SIZE);
    if (g_Ring == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    if (!g_Ring->Ready()) {
        RnCleanup();
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    NTSTATUS status = IoCreateDevice(DriverObject, 0, nullptr, FILE_DEVICE_UNKNOWN,
                                     FILE_DEVICE_SECURE_OPEN, FALSE, &g_RnDevice);
    if (!NT_SUCCESS(status)) {
        RnCleanup();
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = RnCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = RnCreateClose;
    DriverObject->DriverUnload = RnUnload;
    return STATUS_SUCCESS;
}
