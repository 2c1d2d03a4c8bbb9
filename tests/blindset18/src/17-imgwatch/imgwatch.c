/*
   imgwatch.c

   Waits for the target game to start and prints where its main module
   and its anti-cheat DLL get mapped, so I don't have to scan for them
   from user mode. Output in DbgView.

   sc create imgwatch type= kernel binPath= C:\tools\imgwatch.sys
   sc start imgwatch
*/

#include <ntddk.h>

#define IW_TARGET_EXE   L"\\game.exe"
#define IW_WATCH_DLL    L"\\ac_client.dll"

static HANDLE   g_TargetPid = NULL;
static PVOID    g_TargetBase = NULL;
static PVOID    g_AcBase = NULL;

static BOOLEAN
IwEndsWith(PCUNICODE_STRING Str, PCWSTR Suffix)
{
    UNICODE_STRING suffix;
    UNICODE_STRING tail;

    if (Str == NULL || Str->Buffer == NULL)
        return FALSE;

    RtlInitUnicodeString(&suffix, Suffix);
    if (Str->Length < suffix.Length)
        return FALSE;

    tail.Buffer = (PWCH)((PUCHAR)Str->Buffer + Str->Length - suffix.Length);
    tail.Length = suffix.Length;
    tail.MaximumLength = suffix.Length;

    return RtlEqualUnicodeString(&tail, &suffix, TRUE);
}

static VOID
IwLoadImageNotify(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo)
{
    if (ProcessId == NULL || ImageInfo->SystemModeImage)
        return;

    if (IwEndsWith(FullImageName, IW_TARGET_EXE)) {
        g_TargetPid = ProcessId;
        g_TargetBase = ImageInfo->ImageBase;
        DbgPrint("imgwatch: game.exe pid=%p base=%p size=0x%Ix\n",
                 ProcessId, ImageInfo->ImageBase, ImageInfo->ImageSize);
        return;
    }

    if (ProcessId == g_TargetPid && IwEndsWith(FullImageName, IW_WATCH_DLL)) {
        g_AcBase = ImageInfo->ImageBase;
        DbgPrint("imgwatch: ac_client.dll mapped at %p (size 0x%Ix)\n",
                 ImageInfo->ImageBase, ImageInfo->ImageSize);
    }
}

static VOID
IwProcessNotify(HANDLE ParentId, HANDLE ProcessId, BOOLEAN Create)
{
    UNREFERENCED_PARAMETER(ParentId);

    if (!Create && ProcessId == g_TargetPid) {
        DbgPrint("imgwatch: game exited\n");
        g_TargetPid = NULL;
        g_TargetBase = NULL;
        g_AcBase = NULL;
    }
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);

    DbgPrint("imgwatch: waiting for %ws\n", &IW_TARGET_EXE[1]);

    status = PsSetLoadImageNotifyRoutine(IwLoadImageNotify);
    if (!NT_SUCCESS(status)) {
        DbgPrint("imgwatch: PsSetLoadImageNotifyRoutine 0x%X\n", status);
        return status;
    }

    status = PsSetCreateProcessNotifyRoutine(IwProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        DbgPrint("imgwatch: PsSetCreateProcessNotifyRoutine 0x%X\n", status);
        PsRemoveLoadImageNotifyRoutine(IwLoadImageNotify);
        return status;
    }

    return STATUS_SUCCESS;
}
