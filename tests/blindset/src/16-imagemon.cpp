// ImageMon - logs every image (exe/dll/sys) mapped into memory
// C++ version, trying out small RAII helpers in the kernel

#include <ntddk.h>

#define IMAGEMON_DEVICE L"\\Device\\ImageMon"
#define IMAGEMON_LINK   L"\\??\\ImageMon"

static volatile LONG g_ImageCount;

// deletes the device unless Release() was called
struct AutoDevice {
    PDEVICE_OBJECT Dev = nullptr;

    ~AutoDevice() {
        if (Dev != nullptr) {
            IoDeleteDevice(Dev);
        }
    }
    PDEVICE_OBJECT Release() {
        PDEVICE_OBJECT d = Dev;
        Dev = nullptr;
        return d;
    }
};

class ImageMonitor {
public:
    NTSTATUS Start() {
        NTSTATUS status = PsSetLoadImageNotifyRoutine(OnImageLoad);
        if (NT_SUCCESS(status)) {
            m_Registered = true;
        }
        return status;
    }
    void Stop() {
        if (m_Registered) {
            PsRemoveLoadImageNotifyRoutine(OnImageLoad);
            m_Registered = false;
        }
    }
private:
    static VOID OnImageLoad(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo) {
        InterlockedIncrement(&g_ImageCount);
        if (FullImageName != nullptr && ImageInfo->SystemModeImage) {
            DbgPrint("ImageMon: driver %wZ at %p\n", FullImageName, ImageInfo->ImageBase);
        } else if (FullImageName != nullptr) {
            DbgPrint("ImageMon: pid %p maps %wZ\n", ProcessId, FullImageName);
        }
    }
    bool m_Registered;
};

static ImageMonitor g_Monitor;
static PDEVICE_OBJECT g_Device;

static NTSTATUS CompleteOk(PDEVICE_OBJECT, PIRP Irp)
{
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static VOID ImageMonUnload(PDRIVER_OBJECT)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(IMAGEMON_LINK);

    g_Monitor.Stop();
    IoDeleteSymbolicLink(&link);
    IoDeleteDevice(g_Device);
    DbgPrint("ImageMon: unloaded (%ld images seen)\n", g_ImageCount);
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    UNICODE_STRING devName = RTL_CONSTANT_STRING(IMAGEMON_DEVICE);
    UNICODE_STRING link = RTL_CONSTANT_STRING(IMAGEMON_LINK);
    AutoDevice dev;

    NTSTATUS status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                                     FILE_DEVICE_SECURE_OPEN, FALSE, &dev.Dev);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = g_Monitor.Start();
    if (!NT_SUCCESS(status)) {
        DbgPrint("ImageMon: PsSetLoadImageNotifyRoutine failed %08X\n", status);
        return status;
    }

    status = IoCreateSymbolicLink(&link, &devName);
    if (!NT_SUCCESS(status)) {
        DbgPrint("ImageMon: IoCreateSymbolicLink failed %08X\n", status);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = CompleteOk;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = CompleteOk;
    DriverObject->DriverUnload = ImageMonUnload;

    g_Device = dev.Release();
    return STATUS_SUCCESS;
}
