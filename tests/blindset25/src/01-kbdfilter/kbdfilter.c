/*
 * kbdfilter.c
 *
 * Classic "attach by name" keyboard filter. Every read IRP that goes down
 * to kbdclass gets a completion routine, and when it comes back we print
 * the scan codes that were returned.
 */
#include "kbdfilter.h"

volatile LONG g_PendingReads = 0;

static PDEVICE_OBJECT g_FilterDevice = NULL;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, KfUnload)
#endif

/* a few scan codes so the output is readable, the rest is printed as hex */
typedef struct _KF_KEYNAME {
    USHORT      MakeCode;
    const char *Name;
} KF_KEYNAME;

static const KF_KEYNAME g_KeyNames[] = {
    { 0x01, "ESC"   }, { 0x0E, "BKSP"  }, { 0x0F, "TAB"   }, { 0x1C, "ENTER" },
    { 0x1D, "CTRL"  }, { 0x2A, "LSHIFT"}, { 0x36, "RSHIFT"}, { 0x38, "ALT"   },
    { 0x39, "SPACE" }, { 0x3A, "CAPS"  }, { 0x10, "Q"     }, { 0x11, "W"     },
    { 0x12, "E"     }, { 0x13, "R"     }, { 0x14, "T"     }, { 0x15, "Y"     },
    { 0x1E, "A"     }, { 0x1F, "S"     }, { 0x20, "D"     }, { 0x21, "F"     },
    { 0x2C, "Z"     }, { 0x2D, "X"     }, { 0x2E, "C"     }, { 0x2F, "V"     },
};

const char *KfScanCodeName(USHORT MakeCode)
{
    ULONG i;

    for (i = 0; i < RTL_NUMBER_OF(g_KeyNames); i++) {
        if (g_KeyNames[i].MakeCode == MakeCode) {
            return g_KeyNames[i].Name;
        }
    }
    return NULL;
}

static VOID KfRememberKey(PKF_DEVICE_EXTENSION Ext, USHORT MakeCode)
{
    KIRQL oldIrql;

    KeAcquireSpinLock(&Ext->HistoryLock, &oldIrql);
    Ext->History[Ext->HistoryNext % KF_HISTORY_SIZE] = MakeCode;
    Ext->HistoryNext++;
    Ext->KeysSeen++;
    KeReleaseSpinLock(&Ext->HistoryLock, oldIrql);
}

/* everything we do not care about goes straight down */
NTSTATUS KfDispatchPassThrough(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKF_DEVICE_EXTENSION ext = (PKF_DEVICE_EXTENSION)DeviceObject->DeviceExtension;

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->LowerDevice, Irp);
}

NTSTATUS KfDispatchPower(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKF_DEVICE_EXTENSION ext = (PKF_DEVICE_EXTENSION)DeviceObject->DeviceExtension;

    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(ext->LowerDevice, Irp);
}

NTSTATUS KfDispatchRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKF_DEVICE_EXTENSION ext = (PKF_DEVICE_EXTENSION)DeviceObject->DeviceExtension;

    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, KfReadComplete, ext, TRUE, TRUE, TRUE);

    InterlockedIncrement(&g_PendingReads);
    return IoCallDriver(ext->LowerDevice, Irp);
}

NTSTATUS KfReadComplete(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    PKF_DEVICE_EXTENSION ext = (PKF_DEVICE_EXTENSION)Context;
    PKEYBOARD_INPUT_DATA keys;
    ULONG count;
    ULONG i;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (NT_SUCCESS(Irp->IoStatus.Status)) {
        keys  = (PKEYBOARD_INPUT_DATA)Irp->AssociatedIrp.SystemBuffer;
        count = (ULONG)(Irp->IoStatus.Information / sizeof(KEYBOARD_INPUT_DATA));

        for (i = 0; i < count; i++) {
            const char *name = KfScanCodeName(keys[i].MakeCode);
            BOOLEAN up = (keys[i].Flags & KEY_BREAK) != 0;

            if (name != NULL) {
                KfPrint("%s %s", name, up ? "up" : "down");
            } else {
                KfPrint("scan 0x%02X %s", keys[i].MakeCode, up ? "up" : "down");
            }
            if (!up) {
                KfRememberKey(ext, keys[i].MakeCode);
            }
        }
    }

    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }

    InterlockedDecrement(&g_PendingReads);
    return Irp->IoStatus.Status;
}

VOID KfUnload(PDRIVER_OBJECT DriverObject)
{
    LARGE_INTEGER delay;

    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    KfPrint("unloading, %ld read(s) still pending", g_PendingReads);

    /*
     * kbdclass always keeps one read pending, so we have to wait until the
     * user presses a key, otherwise the completion routine would run after
     * we are gone.
     */
    delay.QuadPart = -10LL * 1000 * 100;   /* 100 ms */
    while (g_PendingReads > 0) {
        KeDelayExecutionThread(KernelMode, FALSE, &delay);
    }

    if (g_FilterDevice != NULL) {
        PKF_DEVICE_EXTENSION ext = (PKF_DEVICE_EXTENSION)g_FilterDevice->DeviceExtension;

        KfPrint("saw %lu keys in total", ext->KeysSeen);
        IoDeleteDevice(g_FilterDevice);
        g_FilterDevice = NULL;
    }

    KfPrint("bye");
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    UNICODE_STRING target = RTL_CONSTANT_STRING(KF_TARGET_DEVICE);
    PDEVICE_OBJECT filter = NULL;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    KfPrint("DriverEntry, built %s %s", __DATE__, __TIME__);

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = KfDispatchPassThrough;
    }
    DriverObject->MajorFunction[IRP_MJ_READ]  = KfDispatchRead;
    DriverObject->MajorFunction[IRP_MJ_POWER] = KfDispatchPower;
    DriverObject->DriverUnload = KfUnload;

    status = IoCreateDevice(DriverObject,
                            sizeof(KF_DEVICE_EXTENSION),
                            NULL,
                            FILE_DEVICE_KEYBOARD,
                            0,
                            FALSE,
                            &filter);
    if (NT_SUCCESS(status)) {
        PKF_DEVICE_EXTENSION ext = (PKF_DEVICE_EXTENSION)filter->DeviceExtension;

        RtlZeroMemory(ext, sizeof(*ext));
        KeInitializeSpinLock(&ext->HistoryLock);

        status = IoAttachDevice(filter, &target, &ext->LowerDevice);
        if (NT_SUCCESS(status)) {
            /* look like the device we sit on */
            filter->Flags |= ext->LowerDevice->Flags &
                             (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE);
            filter->DeviceType = ext->LowerDevice->DeviceType;
            filter->Characteristics = ext->LowerDevice->Characteristics;
            filter->Flags &= ~DO_DEVICE_INITIALIZING;

            g_FilterDevice = filter;
            KfPrint("attached to %wZ (lower=%p)", &target, ext->LowerDevice);
        } else {
            KfPrint("IoAttachDevice(%wZ) failed: 0x%08X", &target, status);
        }
    } else {
        KfPrint("IoCreateDevice failed: 0x%08X", status);
    }

    return status;
}
