//
// sysmonlite - poor man's sysmon. Process / thread / image events are queued
// by the notify routines and a system thread appends them to a text log.
//
#include <ntddk.h>
#include <ntstrsafe.h>
#include "EventQueue.h"

using namespace sysmon;

#define SML_DEVICE_NAME   L"\\Device\\SysmonLite"
#define SML_LINK_NAME     L"\\??\\SysmonLite"
#define SML_LOG_FILE      L"\\SystemRoot\\Temp\\sysmonlite.log"

#define IOCTL_SML_GET_COUNTERS CTL_CODE(FILE_DEVICE_UNKNOWN, 0x850, METHOD_BUFFERED, FILE_READ_ACCESS)

extern "C" DRIVER_INITIALIZE DriverEntry;

struct Globals {
    PDEVICE_OBJECT Device;
    UNICODE_STRING Link;
    HANDLE         LogFile;
    PETHREAD       Writer;
    KEVENT         StopEvent;
};

static Globals g;

static const char* KindName(EventKind k)
{
    switch (k) {
    case EventKind::ProcessStart: return "PROC+";
    case EventKind::ProcessStop:  return "PROC-";
    case EventKind::ThreadStart:  return "THRD+";
    case EventKind::ThreadStop:   return "THRD-";
    case EventKind::ImageLoad:    return "IMAGE";
    }
    return "?????";
}

static void WriteEvent(EventEntry* e)
{
    char line[384];
    IO_STATUS_BLOCK iosb;

    if (!NT_SUCCESS(RtlStringCbPrintfA(line, sizeof(line), "%I64d %s pid=%lu x=%lu %ws\r\n",
                                       e->Time.QuadPart, KindName(e->Kind),
                                       e->ProcessId, e->Extra, e->Image))) {
        return;
    }

    size_t len = 0;
    RtlStringCbLengthA(line, sizeof(line), &len);

    if (NT_SUCCESS(ZwWriteFile(g.LogFile, nullptr, nullptr, nullptr, &iosb,
                               line, static_cast<ULONG>(len), nullptr, nullptr))) {
        InterlockedIncrement(&EventQueue::Stats().Written);
    }
}

static void WriterThread(PVOID)
{
    PVOID objects[2] = { &g.StopEvent, EventQueue::ReadyEvent() };

    for (;;) {
        NTSTATUS status = KeWaitForMultipleObjects(2, objects, WaitAny, Executive,
                                                   KernelMode, FALSE, nullptr, nullptr);
        if (status == STATUS_WAIT_0) {
            break;
        }

        while (auto e = EventQueue::Pop()) {
            WriteEvent(e);
            EventQueue::Free(e);
        }
    }

    PsTerminateSystemThread(STATUS_SUCCESS);
}

static NTSTATUS StartWriter()
{
    UNICODE_STRING    path = RTL_CONSTANT_STRING(SML_LOG_FILE);
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK   iosb;
    HANDLE            thread = nullptr;

    InitializeObjectAttributes(&oa, &path, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, nullptr, nullptr);

    NTSTATUS status = ZwCreateFile(&g.LogFile, FILE_APPEND_DATA | SYNCHRONIZE, &oa, &iosb, nullptr,
                                   FILE_ATTRIBUTE_NORMAL, FILE_SHARE_READ, FILE_OPEN_IF,
                                   FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE,
                                   nullptr, 0);
    if (!NT_SUCCESS(status)) {
        SML_ERR("cannot open %wZ: 0x%08X", &path, status);
        return status;
    }

    KeInitializeEvent(&g.StopEvent, NotificationEvent, FALSE);

    status = PsCreateSystemThread(&thread, THREAD_ALL_ACCESS, nullptr, nullptr, nullptr,
                                  WriterThread, nullptr);
    if (!NT_SUCCESS(status)) {
        ZwClose(g.LogFile);
        g.LogFile = nullptr;
        return status;
    }

    status = ObReferenceObjectByHandle(thread, SYNCHRONIZE, *PsThreadType, KernelMode,
                                       reinterpret_cast<PVOID*>(&g.Writer), nullptr);
    if (!NT_SUCCESS(status)) {
        KeSetEvent(&g.StopEvent, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(thread, FALSE, nullptr);
    }
    ZwClose(thread);
    return status;
}

static void StopWriter()
{
    if (g.Writer) {
        KeSetEvent(&g.StopEvent, IO_NO_INCREMENT, FALSE);
        KeWaitForSingleObject(g.Writer, Executive, KernelMode, FALSE, nullptr);
        ObDereferenceObject(g.Writer);
        g.Writer = nullptr;
    }
    if (g.LogFile) {
        ZwClose(g.LogFile);
        g.LogFile = nullptr;
    }
}

static NTSTATUS SmlCreateClose(PDEVICE_OBJECT, PIRP Irp)
{
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS SmlDeviceControl(PDEVICE_OBJECT, PIRP Irp)
{
    auto sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    if (sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_SML_GET_COUNTERS) {
        if (sp->Parameters.DeviceIoControl.OutputBufferLength >= sizeof(Counters)) {
            RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, &EventQueue::Stats(), sizeof(Counters));
            info = sizeof(Counters);
            status = STATUS_SUCCESS;
        } else {
            status = STATUS_BUFFER_TOO_SMALL;
        }
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

static void SmlUnload(PDRIVER_OBJECT)
{
    SML_LOG("unloading");

    UnregisterCallbacks();
    EventQueue::Destroy();
    StopWriter();

    IoDeleteSymbolicLink(&g.Link);
    IoDeleteDevice(g.Device);
}

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    UNICODE_STRING devName = RTL_CONSTANT_STRING(SML_DEVICE_NAME);
    RtlInitUnicodeString(&g.Link, SML_LINK_NAME);

    EventQueue::Initialize();

    NTSTATUS status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                                     FILE_DEVICE_SECURE_OPEN, FALSE, &g.Device);
    if (!NT_SUCCESS(status)) {
        SML_ERR("IoCreateDevice 0x%08X", status);
        EventQueue::Destroy();
        return status;
    }
    g.Device->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&g.Link, &devName);
    if (!NT_SUCCESS(status)) {
        SML_ERR("IoCreateSymbolicLink 0x%08X", status);
        IoDeleteDevice(g.Device);
        EventQueue::Destroy();
        return status;
    }

    status = StartWriter();
    if (!NT_SUCCESS(status)) {
        SML_ERR("StartWriter 0x%08X", status);
        StopWriter();
        IoDeleteSymbolicLink(&g.Link);
        IoDeleteDevice(g.Device);
        EventQueue::Destroy();
        return status;
    }

    if (!RegisterCallbacks()) {
        SML_ERR("could not register notify routines");
        StopWriter();
        IoDeleteSymbolicLink(&g.Link);
        IoDeleteDevice(g.Device);
        EventQueue::Destroy();
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = SmlCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = SmlCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = SmlDeviceControl;
    DriverObject->DriverUnload = SmlUnload;

    SML_LOG("running, log at %ws", SML_LOG_FILE);
    return STATUS_SUCCESS;
}
