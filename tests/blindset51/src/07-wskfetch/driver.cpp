//
// driver.cpp - wskfetch entry/unload
//
#include "fetch.h"

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD FetchUnload;

using fetch::Client;

static void FetchUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    KeSetEvent(&Client::s_stop, IO_NO_INCREMENT, FALSE);

    if (Client::s_thread != nullptr) {
        ZwWaitForSingleObject(Client::s_thread, FALSE, nullptr);
        ObDereferenceObject(Client::s_thread);
        Client::s_thread = nullptr;
    }

    Client::Deregister();
    FLOG("unloaded");
}

extern "C" NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    OBJECT_ATTRIBUTES oa;
    NTSTATUS status;

    FLOG("DriverEntry %wZ", RegistryPath);

    Client::s_serviceKey = RegistryPath;
    KeInitializeEvent(&Client::s_stop, NotificationEvent, FALSE);

    status = Client::Register();
    if (!NT_SUCCESS(status)) {
        FLOG("WskRegister 0x%08X", status);
        return status;
    }

    InitializeObjectAttributes(&oa, nullptr, OBJ_KERNEL_HANDLE, nullptr, nullptr);
    status = PsCreateSystemThread(&Client::s_thread, SYNCHRONIZE, &oa, nullptr, nullptr,
                                  Client::Worker, nullptr);
    if (!NT_SUCCESS(status)) {
        FLOG("PsCreateSystemThread 0x%08X", status);
        Client::s_thread = nullptr;
        Client::Deregister();
        return status;
    }

    DriverObject->DriverUnload = FetchUnload;
    return STATUS_SUCCESS;
}
