/*
 * hellodrv - my first kernel driver :)
 *
 * Followed the "kernel dev from zero" video series (ep. 3 + 4), then added
 * the echo buffer and the GET_INFO ioctl myself.
 *
 *   sc create hellodrv type= kernel binPath= C:\drv\hellodrv.sys
 *   sc start hellodrv
 *   hellocli.exe ping
 *
 * Test signing must be on (bcdedit /set testsigning on).
 */
#include <ntddk.h>
#include "hello.h"
#include "ioctl.h"

PDEVICE_OBJECT  g_DeviceObject = NULL;
PUNICODE_STRING g_RegistryPath = NULL;
PCHAR           g_EchoBuffer   = NULL;
ULONG           g_EchoLength   = 0;
KSPIN_LOCK      g_EchoLock;
LONG            g_OpenCount    = 0;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     HelloUnload;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, HelloUnload)
#endif

//
// Unload: undo everything DriverEntry did, in reverse
//
VOID
HelloUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNICODE_STRING symLink;

    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    HELLO_LOG("unloading (service key %wZ)\n", g_RegistryPath);

    RtlInitUnicodeString(&symLink, HELLO_SYMLINK_NAME);
    IoDeleteSymbolicLink(&symLink);

    if (g_DeviceObject != NULL) {
        IoDeleteDevice(g_DeviceObject);
        g_DeviceObject = NULL;
    }

    if (g_EchoBuffer != NULL) {
        ExFreePoolWithTag(g_EchoBuffer, HELLO_TAG);
        g_EchoBuffer = NULL;
    }

    HELLO_LOG("bye!\n");
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS       status = STATUS_SUCCESS;
    UNICODE_STRING devName;
    UNICODE_STRING symLink;
    ULONG          i;

    HELLO_LOG("DriverEntry, built " __DATE__ " " __TIME__ "\n");
    HELLO_LOG("RegistryPath = %wZ\n", RegistryPath);

    // remember where our service key is, GET_INFO hands it back to the client
    g_RegistryPath = RegistryPath;

    //
    // echo buffer. nonpaged because we touch it under the spinlock
    //
    g_EchoBuffer = (PCHAR)ExAllocatePoolWithTag(NonPagedPool, HELLO_BUFFER_SIZE, HELLO_TAG);
    if (g_EchoBuffer == NULL) {
        HELLO_LOG("ExAllocatePoolWithTag failed!\n");
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlZeroMemory(g_EchoBuffer, HELLO_BUFFER_SIZE);
    RtlCopyMemory(g_EchoBuffer, "hello from ring 0", 17);
    g_EchoLength = 17;
    KeInitializeSpinLock(&g_EchoLock);

    //
    // everything we don't handle gets STATUS_INVALID_DEVICE_REQUEST
    //
    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = HelloDispatchNotSupported;
    }
    DriverObject->MajorFunction[IRP_MJ_CREATE]         = HelloCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = HelloCreateClose;
    DriverObject->MajorFunction[IRP_MJ_READ]           = HelloRead;
    DriverObject->MajorFunction[IRP_MJ_WRITE]          = HelloWrite;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = HelloDeviceControl;
    DriverObject->DriverUnload = HelloUnload;

    //
    // device object
    //
    RtlInitUnicodeString(&devName, HELLO_DEVICE_NAME);
    status = IoCreateDevice(DriverObject,
                            0,
                            &devName,
                            FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &g_DeviceObject);
    if (!NT_SUCCESS(status)) {
        HELLO_LOG("IoCreateDevice failed 0x%08X\n", status);
        ExFreePoolWithTag(g_EchoBuffer, HELLO_TAG);
        g_EchoBuffer = NULL;
        return status;
    }

    g_DeviceObject->Flags |= DO_BUFFERED_IO;

    //
    // symbolic link so user mode can CreateFile(\\.\HelloDrv)
    //
    RtlInitUnicodeString(&symLink, HELLO_SYMLINK_NAME);
    status = IoCreateSymbolicLink(&symLink, &devName);
    if (!NT_SUCCESS(status)) {
        HELLO_LOG("IoCreateSymbolicLink failed 0x%08X\n", status);
        IoDeleteDevice(g_DeviceObject);
        g_DeviceObject = NULL;
        return status;
    }

    // the video said to do this, harmless
    g_DeviceObject->Flags &= ~DO_DEVICE_INITIALIZING;

    HELLO_LOG("loaded OK, device %p\n", g_DeviceObject);
    return STATUS_SUCCESS;
}
