/*
 * stepwalk.c - "cbwatch": DriverEntry walks a constant table of
 * {name, init, undo} rows by index, and when a step fails walks back over
 * the rows before it with `while (i-- > 0)`, calling each row's undo when
 * it has one. The unload routine walks the whole table back the same way.
 * Each row's routine is called as that row's, and the walk back reaches
 * row 0: no DE006 (the calls through the table hid the paths before).
 */

#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD CwUnload;

typedef NTSTATUS CW_INIT(VOID);
typedef VOID CW_UNDO(VOID);

typedef struct _CW_STEP {
    PCSTR Name;
    CW_INIT *Init;
    CW_UNDO *Undo;
} CW_STEP;

static LARGE_INTEGER CwCookie;
static UNICODE_STRING CwAltitude = RTL_CONSTANT_STRING(L"385210");

static VOID CwOnProcess(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(CreateInfo);
}

static VOID CwOnImage(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo)
{
    UNREFERENCED_PARAMETER(FullImageName);
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(ImageInfo);
}

static NTSTATUS CwOnRegistry(PVOID Context, PVOID Argument1, PVOID Argument2)
{
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);
    return STATUS_SUCCESS;
}

static NTSTATUS CwProcessOn(VOID) { return PsSetCreateProcessNotifyRoutineEx(CwOnProcess, FALSE); }
static VOID CwProcessOff(VOID) { PsSetCreateProcessNotifyRoutineEx(CwOnProcess, TRUE); }
static NTSTATUS CwImageOn(VOID) { return PsSetLoadImageNotifyRoutine(CwOnImage); }
static VOID CwImageOff(VOID) { PsRemoveLoadImageNotifyRoutine(CwOnImage); }

static NTSTATUS CwRegistryOn(VOID)
{
    return CmRegisterCallbackEx(CwOnRegistry, &CwAltitude, NULL, NULL, &CwCookie, NULL);
}

static VOID CwRegistryOff(VOID) { CmUnRegisterCallback(CwCookie); }

static const CW_STEP CwSteps[] = {
    { "process",  CwProcessOn,  CwProcessOff },
    { "image",    CwImageOn,    CwImageOff },
    { "registry", CwRegistryOn, CwRegistryOff },
};

VOID CwUnload(PDRIVER_OBJECT DriverObject)
{
    ULONG i = RTL_NUMBER_OF(CwSteps);

    UNREFERENCED_PARAMETER(DriverObject);
    while (i-- > 0) {
        if (CwSteps[i].Undo != NULL)
            CwSteps[i].Undo();
    }
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)   // expect-entry: wdm
{
    NTSTATUS status;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    for (i = 0; i < RTL_NUMBER_OF(CwSteps); i++) {
        status = CwSteps[i].Init();
        if (!NT_SUCCESS(status)) {
            DbgPrint("cbwatch: %s failed 0x%08X\n", CwSteps[i].Name, status);
            while (i-- > 0) {
                if (CwSteps[i].Undo != NULL)
                    CwSteps[i].Undo();
            }
            return status;
        }
    }

    DriverObject->DriverUnload = CwUnload;
    return STATUS_SUCCESS;
}
