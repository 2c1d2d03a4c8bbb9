#include "kbdremap.h"

static VOID
KrForward(
    _In_ WDFREQUEST Request,
    _In_ WDFIOTARGET Target
    )
{
    WDF_REQUEST_SEND_OPTIONS options;
    NTSTATUS status;

    WDF_REQUEST_SEND_OPTIONS_INIT(&options, WDF_REQUEST_SEND_OPTION_SEND_AND_FORGET);

    if (!WdfRequestSend(Request, Target, &options)) {
        status = WdfRequestGetStatus(Request);
        KR_PRINT(("kbdremap: WdfRequestSend failed 0x%x\n", status));
        WdfRequestComplete(Request, status);
    }
}

VOID
KrEvtIoInternalDeviceControl(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     OutputBufferLength,
    _In_ size_t     InputBufferLength,
    _In_ ULONG      IoControlCode
    )
{
    WDFDEVICE hDevice = WdfIoQueueGetDevice(Queue);
    PDEVICE_EXTENSION devExt = FilterGetData(hDevice);
    PCONNECT_DATA connectData = NULL;
    size_t length;
    NTSTATUS status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_INTERNAL_KEYBOARD_CONNECT:
        if (devExt->UpperConnectData.ClassService != NULL) {
            status = STATUS_SHARING_VIOLATION;
            break;
        }

        status = WdfRequestRetrieveInputBuffer(Request, sizeof(CONNECT_DATA),
                                               (PVOID *)&connectData, &length);
        if (!NT_SUCCESS(status)) {
            break;
        }

        devExt->UpperConnectData = *connectData;

        /* hook ourselves in between i8042prt/kbdhid and kbdclass */
        connectData->ClassDeviceObject = WdfDeviceWdmGetDeviceObject(hDevice);
#pragma warning(disable:4152)
        connectData->ClassService = KrServiceCallback;
#pragma warning(default:4152)
        break;

    case IOCTL_INTERNAL_KEYBOARD_DISCONNECT:
        /* never actually sent by the stack, see kbfiltr */
        status = STATUS_NOT_IMPLEMENTED;
        break;

    default:
        break;
    }

    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    KrForward(Request, WdfDeviceGetIoTarget(hDevice));
}

VOID
KrServiceCallback(
    _In_    PDEVICE_OBJECT       DeviceObject,
    _In_    PKEYBOARD_INPUT_DATA InputDataStart,
    _In_    PKEYBOARD_INPUT_DATA InputDataEnd,
    _Inout_ PULONG               InputDataConsumed
    )
{
    WDFDEVICE hDevice = WdfWdmDeviceGetWdfDeviceHandle(DeviceObject);
    PDEVICE_EXTENSION devExt = FilterGetData(hDevice);
    PKEYBOARD_INPUT_DATA p;
    ULONG i;

    if (g_Settings.Enabled) {
        for (p = InputDataStart; p < InputDataEnd; p++) {
            devExt->KeysSeen++;
            if (p->Flags & (KEY_E0 | KEY_E1)) {
                continue;
            }
            for (i = 0; i < g_Settings.Count && i < KR_MAX_MAP; i++) {
                if (p->MakeCode == g_Settings.Map[i].From) {
                    p->MakeCode = g_Settings.Map[i].To;
                    devExt->KeysRemapped++;
                    break;
                }
            }
        }
    }

    (*(PSERVICE_CALLBACK_ROUTINE)(ULONG_PTR)devExt->UpperConnectData.ClassService)(
        devExt->UpperConnectData.ClassDeviceObject,
        InputDataStart,
        InputDataEnd,
        InputDataConsumed);
}
