//
// imgwatch.cpp - counts image loads, also of images of another
// architecture: the routine is registered with PsSetLoadImageNotifyRoutineEx
// and PS_IMAGE_NOTIFY_CONFLICTING_ARCHITECTURE, after a thread notify
// routine, and an unnamed device that anchors the driver. The unload
// routine removes the thread routine only.
//

#include <ntddk.h>

namespace {

volatile LONG g_Images;
volatile LONG g_Threads;
bool g_ImageOn;

void OnImage(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo)
{
    UNREFERENCED_PARAMETER(FullImageName);
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(ImageInfo);
    InterlockedIncrement(&g_Images);
}

void OnThread(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create)
{
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(ThreadId);
    if (Create) {
        InterlockedIncrement(&g_Threads);
    }
}

NTSTATUS StartImage()
{
    NTSTATUS status = PsSetLoadImageNotifyRoutineEx(OnImage, PS_IMAGE_NOTIFY_CONFLICTING_ARCHITECTURE); // expect: DE011
    if (NT_SUCCESS(status)) {
        g_ImageOn = true;
    }
    return status;
}

void StopImage()
{
    if (g_ImageOn) {
        PsRemoveLoadImageNotifyRoutine(OnImage);
        g_ImageOn = false;
    }
}

DRIVER_UNLOAD Unload;

void Unload(PDRIVER_OBJECT DriverObject)
{
    PsRemoveCreateThreadNotifyRoutine(OnThread);
    IoDeleteDevice(DriverObject->DeviceObject);
}

} // namespace

extern "C" DRIVER_INITIALIZE DriverEntry;

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) // expect-entry: wdm
{
    UNREFERENCED_PARAMETER(RegistryPath);

    NTSTATUS status = PsSetCreateThreadNotifyRoutine(OnThread);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = StartImage();
    if (!NT_SUCCESS(status)) {
        PsRemoveCreateThreadNotifyRoutine(OnThread);
        return status;
    }
    PDEVICE_OBJECT device = nullptr;
    status = IoCreateDevice(DriverObject, 0, nullptr, FILE_DEVICE_UNKNOWN, 0, FALSE, &device);
    if (!NT_SUCCESS(status)) {
        StopImage();
        PsRemoveCreateThreadNotifyRoutine(OnThread);
        return status;
    }
    DriverObject->DriverUnload = Unload;
    return STATUS_SUCCESS;
}
