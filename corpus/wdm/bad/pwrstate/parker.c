/*
 * parker.c - a legacy driver that parks its sensors before the system
 * sleeps: it opens \Callback\PowerState and registers a routine that walks
 * the sensor list under its lock. The list and the lock are initialized
 * only after ExRegisterCallback, when a power transition may already be
 * running the routine.
 */

#include <ntddk.h>

typedef struct _PARK_SENSOR {
    LIST_ENTRY Link;
    BOOLEAN Parked;
} PARK_SENSOR, *PPARK_SENSOR;

static struct {
    PCALLBACK_OBJECT PowerObject;
    PVOID Registration;
    KSPIN_LOCK Lock;
    LIST_ENTRY Sensors;
} gPark;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD ParkUnload;
static CALLBACK_FUNCTION ParkPowerState;

static VOID
ParkPowerState(
    _In_opt_ PVOID CallbackContext,
    _In_opt_ PVOID Argument1,
    _In_opt_ PVOID Argument2
    )
{
    KIRQL irql;
    PLIST_ENTRY entry;

    UNREFERENCED_PARAMETER(CallbackContext);
    if ((ULONG_PTR)Argument1 != PO_CB_SYSTEM_STATE_LOCK || Argument2 != NULL) {
        return;
    }
    KeAcquireSpinLock(&gPark.Lock, &irql);
    for (entry = gPark.Sensors.Flink; entry != &gPark.Sensors; entry = entry->Flink) {
        CONTAINING_RECORD(entry, PARK_SENSOR, Link)->Parked = TRUE;
    }
    KeReleaseSpinLock(&gPark.Lock, irql);
}

VOID
ParkUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    ExUnregisterCallback(gPark.Registration);
    ObDereferenceObject(gPark.PowerObject);
}

NTSTATUS
DriverEntry( // expect-entry: wdm
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Callback\\PowerState");
    OBJECT_ATTRIBUTES oa;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    status = ExCreateCallback(&gPark.PowerObject, &oa, FALSE, TRUE);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    gPark.Registration = ExRegisterCallback(gPark.PowerObject, ParkPowerState, NULL); // expect: DE014
    if (gPark.Registration == NULL) {
        ObDereferenceObject(gPark.PowerObject);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    KeInitializeSpinLock(&gPark.Lock);
    InitializeListHead(&gPark.Sensors);

    DriverObject->DriverUnload = ParkUnload;
    return STATUS_SUCCESS;
}
