// Watcher.sys - "anti cheat" style monitor
// logs process / thread / image events for a game process name.
// github hobby project, tested on Win10 22H2 test-signing

#include <ntddk.h>

#define DRV_TAG 'hctW'
#define DBG(...) KdPrint(("Watcher: " __VA_ARGS__))

static BOOLEAN g_Monitoring = FALSE;
static HANDLE  g_GamePid = NULL;
static const WCHAR g_GameName[] = L"game.exe";

static BOOLEAN EndsWithGame(PCUNICODE_STRING Name)
{
    SIZE_T len = wcslen(g_GameName) * sizeof(WCHAR);
    if (!Name || !Name->Buffer || Name->Length < len)
        return FALSE;
    UNICODE_STRING tail;
    tail.Buffer = (PWCH)((PUCHAR)Name->Buffer + Name->Length - len);
    tail.Length = (USHORT)len;
    tail.MaximumLength = (USHORT)len;
    UNICODE_STRING game;
    RtlInitUnicodeString(&game, g_GameName);
    return RtlEqualUnicodeString(&tail, &game, TRUE);
}

VOID OnProcess(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);
    if (CreateInfo) {
        if (CreateInfo->ImageFileName && EndsWithGame(CreateInfo->ImageFileName)) {
            g_GamePid = ProcessId;
            DBG("game started pid=%p\n", ProcessId);
        }
    } else if (ProcessId == g_GamePid) {
        DBG("game exited\n");
        g_GamePid = NULL;
    }
}

VOID OnThread(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create)
{
    if (!Create || g_GamePid == NULL)
        return;
    // a thread created in the game by another process = injection?
    if (ProcessId == g_GamePid && PsGetCurrentProcessId() != g_GamePid)
        DBG("remote thread %p created in game by %p\n", ThreadId, PsGetCurrentProcessId());
}

VOID OnImage(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo)
{
    if (ProcessId == g_GamePid && g_GamePid != NULL && FullImageName)
        DBG("game loaded %wZ at %p\n", FullImageName, ImageInfo->ImageBase);
}

VOID WatcherUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    if (g_Monitoring) {
        PsRemoveCreateThreadNotifyRoutine(OnThread);
        PsSetCreateProcessNotifyRoutineEx(OnProcess, TRUE);
        g_Monitoring = FALSE;
    }
    DBG("bye\n");
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    NTSTATUS status;

    DriverObject->DriverUnload = WatcherUnload;

    status = PsSetCreateProcessNotifyRoutineEx(OnProcess, FALSE);
    if (!NT_SUCCESS(status)) {
        DBG("process notify failed %08X\n", status);
        return status;
    }

    status = PsSetCreateThreadNotifyRoutine(OnThread);
    if (!NT_SUCCESS(status)) {
        DBG("thread notify failed %08X\n", status);
        PsSetCreateProcessNotifyRoutineEx(OnProcess, TRUE);
        return status;
    }

    status = PsSetLoadImageNotifyRoutine(OnImage);
    if (!NT_SUCCESS(status)) {
        DBG("image notify failed %08X\n", status);
        PsRemoveCreateThreadNotifyRoutine(OnThread);
        return status;
    }

    g_Monitoring = TRUE;
    DBG("watching for %ws\n", g_GameName);
    return STATUS_SUCCESS;
}
