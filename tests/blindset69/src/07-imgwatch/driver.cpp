// driver.cpp - imgwatch: logs every image mapped into any process
#include "imgwatch.h"

namespace {

struct Config {
    bool WatchImages = true;
    bool Verbose = false;
};

Config g_Config;             // defaults only, never read from the registry yet
bool g_ImageNotify = false;

void IwUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    if (g_ImageNotify) {
        PsRemoveLoadImageNotifyRoutine(iw::OnImageLoad);
        g_ImageNotify = false;
    }

    iw::Worker::RequestStop();
    ZwClose(iw::Worker::Handle());

    iw::Queue::Drain();
    IWTRACE("unloaded");
}

} // namespace

extern "C" DRIVER_INITIALIZE DriverEntry;

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    iw::Queue::Init();

    NTSTATUS status = iw::Worker::Start();
    if (!NT_SUCCESS(status)) {
        IWTRACE("worker start failed 0x%x", status);
        return status;
    }

    if (g_Config.WatchImages) {
        NTSTATUS status = PsSetLoadImageNotifyRoutine(iw::OnImageLoad);
        if (!NT_SUCCESS(status)) {
            IWTRACE("PsSetLoadImageNotifyRoutine failed 0x%x", status);
            goto stop_worker;
        }
        g_ImageNotify = true;
    }

    DriverObject->DriverUnload = IwUnload;
    IWTRACE("loaded (verbose=%d)", g_Config.Verbose);
    return STATUS_SUCCESS;

stop_worker:
    iw::Worker::RequestStop();
    iw::Worker::WaitForExit();
    iw::Queue::Drain();
    return status;
}
