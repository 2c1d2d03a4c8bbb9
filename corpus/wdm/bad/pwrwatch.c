/*
 * pwrwatch.c - WDM driver of a docking-station agent: it watches volume
 * interface arrivals (IoRegisterPlugPlayNotification), the console display
 * state (PoRegisterPowerSettingCallback) and the system power-state callback
 * object (ExRegisterCallback), logs through its own ETW provider, and keeps
 * event records in a paged lookaside list.
 *
 * The failure paths of DriverEntry share a helper that undoes every step.
 *
 * BUG (DE011 x4): the unload routine predates the helper and still undoes
 * only the tracing and the lookaside list: the volume notification, the
 * display-state callback and the power-state callback stay registered, and
 * the next docking or display change calls into the unloaded image; the
 * reference ExCreateCallback took on the callback object is never dropped.
 */

#include <ntddk.h>

#define PW_TAG 'hWwP'

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PwUnload;
DRIVER_NOTIFICATION_CALLBACK_ROUTINE PwVolumeArrived;
POWER_SETTING_CALLBACK PwDisplayChanged;
CALLBACK_FUNCTION PwPowerState;

/* {7fcb54d1-2f2a-4c57-9a43-0b61de7d1a30} */
static const GUID PwProviderGuid =
    { 0x7fcb54d1, 0x2f2a, 0x4c57, { 0x9a, 0x43, 0x0b, 0x61, 0xde, 0x7d, 0x1a, 0x30 } };
/* The volume device interface class and the console display state setting. */
static const GUID PwVolumeClass =
    { 0x53f5630d, 0xb6bf, 0x11d0, { 0x94, 0xf2, 0x00, 0xa0, 0xc9, 0x1e, 0xfb, 0x8b } };
static const GUID PwDisplayState =
    { 0x6fe69556, 0x704a, 0x47a0, { 0x8f, 0x24, 0xc2, 0x8d, 0x93, 0x6f, 0xda, 0x47 } };

typedef struct _PW_EVENT {
    LIST_ENTRY Link;
    ULONG Kind;
} PW_EVENT;

static PAGED_LOOKASIDE_LIST PwEvents;
static REGHANDLE PwEtw;
static PVOID PwVolumeEntry;
static PVOID PwDisplayHandle;
static PCALLBACK_OBJECT PwPowerObject;
static PVOID PwPowerRegistration;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, PwUnload)
#pragma alloc_text(PAGE, PwVolumeArrived)
#endif

_Use_decl_annotations_
NTSTATUS
PwVolumeArrived(PVOID NotificationStructure, PVOID Context)
{
    UNREFERENCED_PARAMETER(NotificationStructure);
    UNREFERENCED_PARAMETER(Context);
    PAGED_CODE();
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
PwDisplayChanged(LPCGUID SettingGuid, PVOID Value, ULONG ValueLength, PVOID Context)
{
    UNREFERENCED_PARAMETER(SettingGuid);
    UNREFERENCED_PARAMETER(Value);
    UNREFERENCED_PARAMETER(ValueLength);
    UNREFERENCED_PARAMETER(Context);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
PwPowerState(PVOID Context, PVOID Argument1, PVOID Argument2)
{
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);
}

/* Undoes what is set up, newest first; each step only when it was done. */
static VOID
PwStop(VOID)
{
    if (PwPowerRegistration != NULL) {
        ExUnregisterCallback(PwPowerRegistration);
        PwPowerRegistration = NULL;
    }
    if (PwPowerObject != NULL) {
        ObDereferenceObject(PwPowerObject);
        PwPowerObject = NULL;
    }
    if (PwDisplayHandle != NULL) {
        PoUnregisterPowerSettingCallback(PwDisplayHandle);
        PwDisplayHandle = NULL;
    }
    if (PwVolumeEntry != NULL) {
        IoUnregisterPlugPlayNotificationEx(PwVolumeEntry);
        PwVolumeEntry = NULL;
    }
    if (PwEtw != 0) {
        EtwUnregister(PwEtw);
        PwEtw = 0;
    }
    ExDeletePagedLookasideList(&PwEvents);
}

_Use_decl_annotations_
VOID
PwUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();
    EtwUnregister(PwEtw);
    ExDeletePagedLookasideList(&PwEvents);
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING powerName = RTL_CONSTANT_STRING(L"\\Callback\\PowerState");
    OBJECT_ATTRIBUTES attributes;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    ExInitializePagedLookasideList(&PwEvents, NULL, NULL, 0, sizeof(PW_EVENT), PW_TAG, 0);

    status = EtwRegister(&PwProviderGuid, NULL, NULL, &PwEtw);
    if (!NT_SUCCESS(status)) {
        PwStop();
        return status;
    }

    status = IoRegisterPlugPlayNotification(EventCategoryDeviceInterfaceChange, // expect: DE011
                                            PNPNOTIFY_DEVICE_INTERFACE_INCLUDE_EXISTING_INTERFACES,
                                            (PVOID)&PwVolumeClass, DriverObject, PwVolumeArrived, NULL,
                                            &PwVolumeEntry);
    if (!NT_SUCCESS(status)) {
        PwStop();
        return status;
    }

    status = PoRegisterPowerSettingCallback(NULL, &PwDisplayState, PwDisplayChanged, NULL, &PwDisplayHandle); // expect: DE011
    if (!NT_SUCCESS(status)) {
        PwStop();
        return status;
    }

    InitializeObjectAttributes(&attributes, &powerName, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    status = ExCreateCallback(&PwPowerObject, &attributes, FALSE, TRUE);  // expect: DE011
    if (!NT_SUCCESS(status)) {
        PwStop();
        return status;
    }
    PwPowerRegistration = ExRegisterCallback(PwPowerObject, PwPowerState, NULL); // expect: DE011
    if (PwPowerRegistration == NULL) {
        PwStop();
        return STATUS_UNSUCCESSFUL;
    }

    DriverObject->DriverUnload = PwUnload;
    return STATUS_SUCCESS;
}
