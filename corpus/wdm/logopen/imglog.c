/*
 * imglog.c - a legacy driver that appends the name of every image the
 * system loads to a log file. The file is opened in DriverEntry; when it
 * cannot be opened the driver refuses to load, so the notify routine never
 * runs without somewhere to write.
 */

#include <ntddk.h>

#define IMGLOG_PATH L"\\SystemRoot\\Temp\\imglog.txt"

static HANDLE g_Log;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD ImgLogUnload;

static VOID
ImgLogOnLoad(
    _In_opt_ PUNICODE_STRING FullImageName,
    _In_ HANDLE ProcessId,
    _In_ PIMAGE_INFO ImageInfo
    )
{
    IO_STATUS_BLOCK iosb;

    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(ImageInfo);
    if (FullImageName == NULL || KeGetCurrentIrql() != PASSIVE_LEVEL) {
        return;
    }
    (VOID)ZwWriteFile(g_Log, NULL, NULL, NULL, &iosb, FullImageName->Buffer,
                      FullImageName->Length, NULL, NULL);
}

VOID
ImgLogUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    PsRemoveLoadImageNotifyRoutine(ImgLogOnLoad);
    ZwClose(g_Log);
}

NTSTATUS
DriverEntry( // expect-entry: wdm
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING path = RTL_CONSTANT_STRING(IMGLOG_PATH);
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK iosb;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    InitializeObjectAttributes(&oa, &path, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = ZwCreateFile(&g_Log, FILE_APPEND_DATA | SYNCHRONIZE, &oa, &iosb, NULL,
                          FILE_ATTRIBUTE_NORMAL, FILE_SHARE_READ, FILE_OPEN_IF,
                          FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE, NULL, 0);
    KdPrint(("imglog: open %wZ -> 0x%08X\n", &path, status));
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = PsSetLoadImageNotifyRoutine(ImgLogOnLoad);
    if (!NT_SUCCESS(status)) {
        ZwClose(g_Log);
        return status;
    }

    DriverObject->DriverUnload = ImgLogUnload;
    return STATUS_SUCCESS;
}
