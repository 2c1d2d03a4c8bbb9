/*
 * cryptvol.c - legacy volume-encryption control driver. A pool of worker
 * threads is started once (a flag swapped with InterlockedExchange says
 * whether it runs), the control device comes from a helper that answers
 * with the driver's own result codes, and the API layer reports success as
 * a BOOLEAN. Two failure returns forget what was set up before them.
 */

#include <ntddk.h>

#define CV_TAG      'vCyC'
#define CV_OK       0
#define CV_ERROR    1
#define CV_WORKERS  4

#define CvTrace __noop

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD CvUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH CvDispatch;
KSTART_ROUTINE CvWorker;

typedef struct _CV_REQUEST {
    SINGLE_LIST_ENTRY Link;
    PVOID Buffer;
} CV_REQUEST, *PCV_REQUEST;

static LONG CvPoolRunning;
static HANDLE CvThreads[CV_WORKERS];
static KEVENT CvSignal;
static NPAGED_LOOKASIDE_LIST CvRequests;
static PDEVICE_OBJECT CvDevice;
static BOOLEAN CvApiReady;
extern ULONG CvApiDisabled;                             /* set by the installer's policy module */

VOID
CvWorker(
    _In_ PVOID Context
    )
{
    UNREFERENCED_PARAMETER(Context);
    KeWaitForSingleObject(&CvSignal, Executive, KernelMode, FALSE, NULL);
    PsTerminateSystemThread(STATUS_SUCCESS);
}

static VOID
CvStopPool(VOID)
{
    ULONG i;

    if (InterlockedExchange(&CvPoolRunning, 0) == 0) {
        return;
    }
    KeSetEvent(&CvSignal, IO_NO_INCREMENT, FALSE);
    for (i = 0; i < CV_WORKERS; i++) {
        if (CvThreads[i] != NULL) {
            ZwWaitForSingleObject(CvThreads[i], FALSE, NULL);
            ZwClose(CvThreads[i]);
            CvThreads[i] = NULL;
        }
    }
    ExDeleteNPagedLookasideList(&CvRequests);
}

static int
CvStartPool(VOID)
{
    ULONG i;
    NTSTATUS status;

    if (InterlockedExchange(&CvPoolRunning, 1) != 0) {
        return CV_OK;
    }
    ExInitializeNPagedLookasideList(&CvRequests, NULL, NULL, 0, sizeof(CV_REQUEST), CV_TAG, 0);
    KeInitializeEvent(&CvSignal, NotificationEvent, FALSE);
    for (i = 0; i < CV_WORKERS; i++) {
        status = PsCreateSystemThread(&CvThreads[i], THREAD_ALL_ACCESS, NULL, NULL, NULL, CvWorker, NULL);
        if (NT_SUCCESS(status) == FALSE) {
            CvTrace("worker %u did not start: %08x\n", i, status);
            CvStopPool();
            return CV_ERROR;
        }
    }
    return CV_OK;
}

static int
CvCreateControlDevice(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNICODE_STRING name;
    NTSTATUS status;
    int result = CV_ERROR;

    RtlInitUnicodeString(&name, L"\\Device\\CryptVolCtl");
    do {
        status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE,
                                &CvDevice);
        if (NT_SUCCESS(status) == FALSE) {
            break;
        }
        CvDevice->Flags &= ~DO_DEVICE_INITIALIZING;
        result = CV_OK;
    } while (0);
    return result;
}

static BOOLEAN
CvInitApi(VOID)
{
    if (CvDevice == NULL || CvApiDisabled != 0) {
        return FALSE;
    }
    CvApiReady = TRUE;
    return TRUE;
}

VOID
CvUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    CvApiReady = FALSE;
    CvStopPool();
    IoDeleteDevice(CvDevice);
}

NTSTATUS
CvDispatch(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    BOOLEAN ok;

    UNREFERENCED_PARAMETER(RegistryPath);
    CvTrace("cryptvol loading\n");

    if (CvStartPool() != CV_OK) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    if (CvCreateControlDevice(DriverObject) != CV_OK) {
        return STATUS_UNSUCCESSFUL;                     // expect: DE006, DE006
    }
    ok = CvInitApi();
    if (!ok) {
        CvStopPool();
        return STATUS_UNSUCCESSFUL;                     // expect: DE006
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = CvDispatch;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = CvDispatch;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = CvDispatch;
    DriverObject->DriverUnload = CvUnload;
    return STATUS_SUCCESS;
}
