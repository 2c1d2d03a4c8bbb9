/*
 * sentinel.sys - "anti-cheat" telemetry: counts process, thread and image
 * events system wide and prints a summary every unload. Three notify routines
 * registered in a nested if chain; every failure unwinds the ones before it.
 */
#include <ntddk.h>

#define SN_LOG(...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "sentinel: " __VA_ARGS__)

enum { SN_PROC = 0, SN_THREAD, SN_IMAGE, SN_COUNT };

static const char* g_Names[SN_COUNT] = { "process", "thread", "image" };
static NTSTATUS    g_RegStatus[SN_COUNT];
static volatile LONG g_Events[SN_COUNT];

static VOID SnProcess(PEPROCESS Process, HANDLE Pid, PPS_CREATE_NOTIFY_INFO Info)
{
    UNREFERENCED_PARAMETER(Process); UNREFERENCED_PARAMETER(Pid); UNREFERENCED_PARAMETER(Info);
    InterlockedIncrement(&g_Events[SN_PROC]);
}

static VOID SnThread(HANDLE Pid, HANDLE Tid, BOOLEAN Create)
{
    UNREFERENCED_PARAMETER(Pid); UNREFERENCED_PARAMETER(Tid);
    if (Create)
        InterlockedIncrement(&g_Events[SN_THREAD]);
}

static VOID SnImage(PUNICODE_STRING Name, HANDLE Pid, PIMAGE_INFO Info)
{
    UNREFERENCED_PARAMETER(Name); UNREFERENCED_PARAMETER(Pid); UNREFERENCED_PARAMETER(Info);
    InterlockedIncrement(&g_Events[SN_IMAGE]);
}

static VOID SnDump(VOID)
{
    for (int i = 0; i < SN_COUNT; i++)
        SN_LOG("%-8s reg=0x%08X events=%ld\n", g_Names[i], g_RegStatus[i], g_Events[i]);
}

static VOID SnUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    // only reached when all three registered; still check each one
    if (NT_SUCCESS(g_RegStatus[SN_IMAGE]))
        PsRemoveLoadImageNotifyRoutine(SnImage);
    if (NT_SUCCESS(g_RegStatus[SN_THREAD]))
        PsRemoveCreateThreadNotifyRoutine(SnThread);
    if (NT_SUCCESS(g_RegStatus[SN_PROC]))
        PsSetCreateProcessNotifyRoutineEx(SnProcess, TRUE);
    SnDump();
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    for (int i = 0; i < SN_COUNT; i++)
        g_RegStatus[i] = STATUS_NOT_SUPPORTED;

    g_RegStatus[SN_PROC] = PsSetCreateProcessNotifyRoutineEx(SnProcess, FALSE);
    if (NT_SUCCESS(g_RegStatus[SN_PROC])) {
        g_RegStatus[SN_THREAD] = PsSetCreateThreadNotifyRoutine(SnThread);
        if (NT_SUCCESS(g_RegStatus[SN_THREAD])) {
            g_RegStatus[SN_IMAGE] = PsSetLoadImageNotifyRoutineEx(SnImage,
                                        PS_IMAGE_NOTIFY_CONFLICTING_ARCHITECTURE);
            if (NT_SUCCESS(g_RegStatus[SN_IMAGE])) {
                DriverObject->DriverUnload = SnUnload;
                SN_LOG("all callbacks registered\n");
                return STATUS_SUCCESS;
            }
            PsRemoveCreateThreadNotifyRoutine(SnThread);
        }
        PsSetCreateProcessNotifyRoutineEx(SnProcess, TRUE);
    }

    SnDump();
    // report the first registration that failed
    for (int i = 0; i < SN_COUNT; i++) {
        if (!NT_SUCCESS(g_RegStatus[i]))
            return g_RegStatus[i];
    }
    return STATUS_UNSUCCESSFUL;   // not reachable
}
