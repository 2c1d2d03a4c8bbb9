/*
 * heartbeat.c
 */
#include "heartbeat.h"

static HB_GLOBALS g_Hb;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD HbUnload;
KDEFERRED_ROUTINE HbTimerDpc;
KSTART_ROUTINE HbWorkerThread;
CALLBACK_FUNCTION HbPowerStateCallback;

_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH HbCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH HbDeviceControl;
_Dispatch_type_(IRP_MJ_SHUTDOWN) DRIVER_DISPATCH HbShutdown;

/* ---------------------------------------------------------------------- */
/* timer / worker                                                          */
/* ---------------------------------------------------------------------- */

VOID HbTimerDpc(PKDPC Dpc, PVOID DeferredContext, PVOID SystemArgument1, PVOID SystemArgument2)
{
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(DeferredContext);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);

    InterlockedIncrement(&g_Hb.Ticks);
    KeSetEvent(&g_Hb.TickEvent, IO_NO_INCREMENT, FALSE);
}

VOID HbWorkerThread(PVOID Context)
{
    PVOID objects[2];
    NTSTATUS waitStatus;

    UNREFERENCED_PARAMETER(Context);

    objects[0] = &g_Hb.StopEvent;
    objects[1] = &g_Hb.TickEvent;

    for (;;) {
        waitStatus = KeWaitForMultipleObjects(2, objects, WaitAny, Executive, KernelMode,
                                              FALSE, NULL, NULL);
        if (waitStatus == STATUS_WAIT_0) {
            break;          /* stop requested */
        }

        if (g_Hb.Sleeping) {
            continue;
        }

        KeQuerySystemTime(&g_Hb.LastBeat);
        if ((InterlockedIncrement(&g_Hb.Beats) % HB_LOG_EVERY) == 0) {
            HBLOG("%ld beats, %ld ticks", g_Hb.Beats, g_Hb.Ticks);
        }
    }

    HBLOG("worker exiting after %ld beats", g_Hb.Beats);
    PsTerminateSystemThread(STATUS_SUCCESS);
}

/* \Callback\PowerState: Argument1 is the PO_CB_xxx code */
VOID HbPowerStateCallback(PVOID CallbackContext, PVOID Argument1, PVOID Argument2)
{
    UNREFERENCED_PARAMETER(CallbackContext);

    if (Argument1 != (PVOID)PO_CB_SYSTEM_STATE_LOCK) {
        return;
    }

    if (Argument2 == (PVOID)0) {
        /* about to go to sleep */
        InterlockedExchange(&g_Hb.Sleeping, 1);
        InterlockedIncrement(&g_Hb.SleepTransitions);
    } else {
        /* back from sleep: restart the gap measurement */
        KeQuerySystemTime(&g_Hb.LastBeat);
        InterlockedExchange(&g_Hb.Sleeping, 0);
    }
}

/* ---------------------------------------------------------------------- */
/* IRPs                                                                    */
/* ---------------------------------------------------------------------- */

static NTSTATUS HbComplete(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS HbCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return HbComplete(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS HbDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    PHB_QUERY_OUTPUT out;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (sp->Parameters.DeviceIoControl.IoControlCode != IOCTL_HB_QUERY) {
        return HbComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
    if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(HB_QUERY_OUTPUT)) {
        return HbComplete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
    }

    out = (PHB_QUERY_OUTPUT)Irp->AssociatedIrp.SystemBuffer;
    out->Beats = g_Hb.Beats;
    out->Ticks = g_Hb.Ticks;
    out->Sleeping = g_Hb.Sleeping;
    out->SleepTransitions = g_Hb.SleepTransitions;
    out->LastBeat = g_Hb.LastBeat;
    KeQuerySystemTime(&out->Now);

    return HbComplete(Irp, STATUS_SUCCESS, sizeof(HB_QUERY_OUTPUT));
}

NTSTATUS HbShutdown(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    HBLOG("shutdown: %ld beats, last at %I64d", g_Hb.Beats, g_Hb.LastBeat.QuadPart);
    return HbComplete(Irp, STATUS_SUCCESS, 0);
}

/* ---------------------------------------------------------------------- */
/* load / unload                                                           */
/* ---------------------------------------------------------------------- */

VOID HbUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(HB_LINK_NAME);

    UNREFERENCED_PARAMETER(DriverObject);

    ExUnregisterCallback(g_Hb.PowerCallbackHandle);
    ObDereferenceObject(g_Hb.PowerCallbackObject);

    IoUnregisterShutdownNotification(g_Hb.Device);

    KeSetEvent(&g_Hb.StopEvent, IO_NO_INCREMENT, FALSE);
    ZwClose(g_Hb.ThreadHandle);
    g_Hb.ThreadHandle = NULL;

    IoDeleteSymbolicLink(&linkName);
    IoDeleteDevice(g_Hb.Device);

    HBLOG("unloaded");
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status = STATUS_UNSUCCESSFUL;
    BOOLEAN ok = FALSE;
    UNICODE_STRING devName = RTL_CONSTANT_STRING(HB_DEVICE_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(HB_LINK_NAME);
    UNICODE_STRING cbName = RTL_CONSTANT_STRING(L"\\Callback\\PowerState");
    OBJECT_ATTRIBUTES oa;
    LARGE_INTEGER due;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Hb, sizeof(g_Hb));
    KeInitializeEvent(&g_Hb.StopEvent, NotificationEvent, FALSE);
    KeInitializeEvent(&g_Hb.TickEvent, SynchronizationEvent, FALSE);
    KeInitializeTimerEx(&g_Hb.Timer, NotificationTimer);
    KeInitializeDpc(&g_Hb.Dpc, HbTimerDpc, NULL);
    KeQuerySystemTime(&g_Hb.LastBeat);

    DriverObject->MajorFunction[IRP_MJ_CREATE] = HbCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = HbCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = HbDeviceControl;
    DriverObject->MajorFunction[IRP_MJ_SHUTDOWN] = HbShutdown;
    DriverObject->DriverUnload = HbUnload;

    __try {
        status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                                FILE_DEVICE_SECURE_OPEN, FALSE, &g_Hb.Device);
        if (!NT_SUCCESS(status)) {
            __leave;
        }
        g_Hb.Device->Flags |= DO_BUFFERED_IO;

        status = IoCreateSymbolicLink(&linkName, &devName);
        if (!NT_SUCCESS(status)) {
            __leave;
        }
        g_Hb.LinkCreated = TRUE;

        status = IoRegisterShutdownNotification(g_Hb.Device);
        if (!NT_SUCCESS(status)) {
            __leave;
        }
        g_Hb.ShutdownRegistered = TRUE;

        /* open the existing power state callback object, don't create one */
        InitializeObjectAttributes(&oa, &cbName, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
        status = ExCreateCallback(&g_Hb.PowerCallbackObject, &oa, FALSE, TRUE);
        if (!NT_SUCCESS(status)) {
            g_Hb.PowerCallbackObject = NULL;
            __leave;
        }

        g_Hb.PowerCallbackHandle = ExRegisterCallback(g_Hb.PowerCallbackObject,
                                                      HbPowerStateCallback, NULL);
        if (g_Hb.PowerCallbackHandle == NULL) {
            status = STATUS_INSUFFICIENT_RESOURCES;
            __leave;
        }

        status = PsCreateSystemThread(&g_Hb.ThreadHandle, THREAD_ALL_ACCESS, NULL, NULL, NULL,
                                      HbWorkerThread, NULL);
        if (!NT_SUCCESS(status)) {
            g_Hb.ThreadHandle = NULL;
            __leave;
        }

        /* first tick after one second, then every HB_PERIOD_MS */
        due.QuadPart = -10LL * 1000 * HB_PERIOD_MS;
        KeSetTimerEx(&g_Hb.Timer, due, HB_PERIOD_MS, &g_Hb.Dpc);

        g_Hb.Device->Flags &= ~DO_DEVICE_INITIALIZING;
        ok = TRUE;
    } __finally {
        if (!ok) {
            HBLOG("DriverEntry failed 0x%08X, cleaning up", status);
            if (g_Hb.PowerCallbackHandle != NULL) {
                ExUnregisterCallback(g_Hb.PowerCallbackHandle);
                g_Hb.PowerCallbackHandle = NULL;
            }
            if (g_Hb.PowerCallbackObject != NULL) {
                ObDereferenceObject(g_Hb.PowerCallbackObject);
                g_Hb.PowerCallbackObject = NULL;
            }
            if (g_Hb.ShutdownRegistered) {
                IoUnregisterShutdownNotification(g_Hb.Device);
                g_Hb.ShutdownRegistered = FALSE;
            }
            if (g_Hb.LinkCreated) {
                IoDeleteSymbolicLink(&linkName);
                g_Hb.LinkCreated = FALSE;
            }
            if (g_Hb.Device != NULL) {
                IoDeleteDevice(g_Hb.Device);
                g_Hb.Device = NULL;
            }
        }
    }

    return status;
}
