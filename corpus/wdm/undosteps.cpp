/*
 * undosteps.cpp - a C++ legacy driver that guards a registry subtree. Its
 * DriverEntry records an undo step after each step that succeeds, in a
 * small rollback object; if DriverEntry returns before Commit(), the
 * object's destructor calls the recorded steps newest first, through its
 * table of function pointers. The unload routine calls the same steps.
 * Every step it sets up has its undo recorded. Conforming: no DE006.
 */

#include <ntddk.h>

class UndoList {
public:
    using Step = void (*)();

    UndoList() : m_count(0), m_kept(false) {}
    ~UndoList()
    {
        while (!m_kept && m_count > 0) {
            m_steps[--m_count]();
        }
    }
    void Add(Step step)
    {
        if (m_count < 4) {
            m_steps[m_count++] = step;
        }
    }
    void Keep() { m_kept = true; }

private:
    Step m_steps[4];
    ULONG m_count;
    bool m_kept;
};

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD KgUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
static DRIVER_DISPATCH KgCreateClose;
static EX_CALLBACK_FUNCTION KgRegistryCallback;

static PDEVICE_OBJECT g_KgDevice;
static LARGE_INTEGER g_KgCookie;
static UNICODE_STRING g_KgLink = RTL_CONSTANT_STRING(L"\\DosDevices\\KeyGuard");

static NTSTATUS KgCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS KgRegistryCallback(PVOID Context, PVOID Argument1, PVOID Argument2)
{
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);
    return STATUS_SUCCESS;
}

static void KgDeleteDevice()
{
    IoDeleteDevice(g_KgDevice);
    g_KgDevice = nullptr;
}

static void KgDeleteLink()
{
    IoDeleteSymbolicLink(&g_KgLink);
}

static void KgStopCallback()
{
    CmUnRegisterCallback(g_KgCookie);
}

static void KgUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    KgStopCallback();
    KgDeleteLink();
    KgDeleteDevice();
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) // expect-entry: wdm
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\KeyGuard");
    UndoList undo;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE,
                            &g_KgDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    undo.Add(KgDeleteDevice);

    status = IoCreateSymbolicLink(&g_KgLink, &name);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    undo.Add(KgDeleteLink);

    status = CmRegisterCallback(KgRegistryCallback, nullptr, &g_KgCookie);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    undo.Add(KgStopCallback);

    DriverObject->MajorFunction[IRP_MJ_CREATE] = KgCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = KgCreateClose;
    DriverObject->DriverUnload = KgUnload;
    undo.Keep();
    return STATUS_SUCCESS;
}
