/*
 * sysnotify.sys - counts process, thread and image-load events. The three
 * registrations are described by a table; DriverEntry walks it inside a
 * do { } while (0) block and rolls back whatever succeeded if a step fails.
 */
#include <ntddk.h>

typedef NTSTATUS (*PFN_STEP_REGISTER)(VOID);
typedef VOID (*PFN_STEP_UNREGISTER)(VOID);

typedef struct _NOTIFY_STEP {
    PCSTR               Name;
    PFN_STEP_REGISTER   Register;
    PFN_STEP_UNREGISTER Unregister;
    NTSTATUS            Status;
    BOOLEAN             Done;
} NOTIFY_STEP;

static volatile LONG g_Counts[3];

static VOID OnProcess(HANDLE Parent, HANDLE Pid, BOOLEAN Create)
{ UNREFERENCED_PARAMETER(Parent); UNREFERENCED_PARAMETER(Pid); if (Create) InterlockedIncrement(&g_Counts[0]); }

static VOID OnThread(HANDLE Pid, HANDLE Tid, BOOLEAN Create)
{ UNREFERENCED_PARAMETER(Pid); UNREFERENCED_PARAMETER(Tid); if (Create) InterlockedIncrement(&g_Counts[1]); }

static VOID OnImage(PUNICODE_STRING Name, HANDLE Pid, PIMAGE_INFO Info)
{ UNREFERENCED_PARAMETER(Name); UNREFERENCED_PARAMETER(Pid); UNREFERENCED_PARAMETER(Info); InterlockedIncrement(&g_Counts[2]); }

static NTSTATUS RegProcess(VOID)   { return PsSetCreateProcessNotifyRoutine(OnProcess, FALSE); }
static VOID     UnregProcess(VOID) { PsSetCreateProcessNotifyRoutine(OnProcess, TRUE); }
static NTSTATUS RegThread(VOID)    { return PsSetCreateThreadNotifyRoutine(OnThread); }
static VOID     UnregThread(VOID)  { PsRemoveCreateThreadNotifyRoutine(OnThread); }
static NTSTATUS RegImage(VOID)     { return PsSetLoadImageNotifyRoutine(OnImage); }
static VOID     UnregImage(VOID)   { PsRemoveLoadImageNotifyRoutine(OnImage); }

static NOTIFY_STEP g_Steps[] = {
    { "process", RegProcess, UnregProcess, STATUS_PENDING, FALSE },
    { "thread",  RegThread,  UnregThread,  STATUS_PENDING, FALSE },
    { "image",   RegImage,   UnregImage,   STATUS_PENDING, FALSE },
};

#define STEP_COUNT (sizeof(g_Steps) / sizeof(g_Steps[0]))

static VOID
UndoSteps(VOID)
{
    LONG i;
    for (i = (LONG)STEP_COUNT - 1; i >= 0; i--) {
        if (g_Steps[i].Done) {
            g_Steps[i].Unregister();
            g_Steps[i].Done = FALSE;
        }
    }
}

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD SnUnload;

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status = STATUS_SUCCESS;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    do {
        for (i = 0; i < STEP_COUNT; i++) {
            g_Steps[i].Status = g_Steps[i].Register();
            if (!NT_SUCCESS(g_Steps[i].Status)) {
                KdPrint(("sysnotify: %s registration failed 0x%08X\n",
                         g_Steps[i].Name, g_Steps[i].Status));
                status = g_Steps[i].Status;
                break;
            }
            g_Steps[i].Done = TRUE;
        }
        if (!NT_SUCCESS(status)) {
            break;
        }

        DriverObject->DriverUnload = SnUnload;
    } while (0);

    if (!NT_SUCCESS(status)) {
        UndoSteps();
    }
    return status;
}

VOID
SnUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    UndoSteps();
    KdPrint(("sysnotify: processes %ld threads %ld images %ld\n",
             g_Counts[0], g_Counts[1], g_Counts[2]));
}
