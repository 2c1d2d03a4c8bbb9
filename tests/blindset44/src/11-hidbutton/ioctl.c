/*
 * ioctl.c - HID class internal IOCTLs for the SP-200 button block
 *
 * Copyright (c) 2021 Solvik AB
 */

#include "hidbtn.h"

/* Consumer control: report id 2, six one-bit buttons + 2 bit pad */
static const UCHAR s_abReportDesc[] = {
    0x05, 0x0C,             /* Usage Page (Consumer)            */
    0x09, 0x01,             /* Usage (Consumer Control)         */
    0xA1, 0x01,             /* Collection (Application)         */
    0x85, 0x02,             /*   Report ID (2)                  */
    0x15, 0x00, 0x25, 0x01, /*   Logical 0..1                   */
    0x75, 0x01, 0x95, 0x06, /*   6 x 1 bit                      */
    0x09, 0xE9, 0x09, 0xEA, /*   Volume Up, Volume Down         */
    0x09, 0xE2, 0x09, 0xCD, /*   Mute, Play/Pause               */
    0x09, 0xB5, 0x09, 0xB6, /*   Next, Previous                 */
    0x81, 0x02,             /*   Input (Data,Var,Abs)           */
    0x95, 0x02, 0x81, 0x03, /*   2 bit padding                  */
    0xC0                    /* End Collection                   */
};

static NTSTATUS
HbFinish(PIRP pIrp, NTSTATUS ntStatus, ULONG_PTR ulInfo)
{
    pIrp->IoStatus.Status      = ntStatus;
    pIrp->IoStatus.Information = ulInfo;
    IoCompleteRequest(pIrp, IO_NO_INCREMENT);
    return ntStatus;
}

static NTSTATUS
HbReturnBuffer(PIRP pIrp, const VOID *pvData, ULONG cbData)
{
    PIO_STACK_LOCATION pStack = IoGetCurrentIrpStackLocation(pIrp);

    if (pStack->Parameters.DeviceIoControl.OutputBufferLength < cbData || NULL == pIrp->UserBuffer) {
        return HbFinish(pIrp, STATUS_BUFFER_TOO_SMALL, 0);
    }
    RtlCopyMemory(pIrp->UserBuffer, pvData, cbData);
    return HbFinish(pIrp, STATUS_SUCCESS, cbData);
}

NTSTATUS
HbInternalIoctl(
    _In_ PDEVICE_OBJECT pDeviceObject,
    _Inout_ PIRP        pIrp
    )
{
    PHB_EXTENSION           pExt   = HB_MINI_EXT(pDeviceObject);
    PIO_STACK_LOCATION      pStack = IoGetCurrentIrpStackLocation(pIrp);
    HID_DESCRIPTOR          stHidDesc;
    HID_DEVICE_ATTRIBUTES   stAttr;
    HB_INPUT_REPORT         stReport;
    ULONG_PTR               ulStringId;

    switch (pStack->Parameters.DeviceIoControl.IoControlCode) {

    case IOCTL_HID_GET_DEVICE_DESCRIPTOR:
        RtlZeroMemory(&stHidDesc, sizeof(stHidDesc));
        stHidDesc.bLength                          = sizeof(HID_DESCRIPTOR);
        stHidDesc.bDescriptorType                  = 0x21;     /* HID */
        stHidDesc.bcdHID                           = 0x0111;
        stHidDesc.bNumDescriptors                  = 1;
        stHidDesc.DescriptorList[0].bReportType    = 0x22;     /* report */
        stHidDesc.DescriptorList[0].wReportLength  = sizeof(s_abReportDesc);
        return HbReturnBuffer(pIrp, &stHidDesc, sizeof(stHidDesc));

    case IOCTL_HID_GET_REPORT_DESCRIPTOR:
        return HbReturnBuffer(pIrp, s_abReportDesc, sizeof(s_abReportDesc));

    case IOCTL_HID_GET_DEVICE_ATTRIBUTES:
        RtlZeroMemory(&stAttr, sizeof(stAttr));
        stAttr.Size          = sizeof(stAttr);
        stAttr.VendorID      = HB_VID;
        stAttr.ProductID     = HB_PID;
        stAttr.VersionNumber = HB_VERSION;
        return HbReturnBuffer(pIrp, &stAttr, sizeof(stAttr));

    case IOCTL_HID_READ_REPORT:
        /* polled device: answer immediately with the current state */
        if (!pExt->bStarted || NULL == pExt->pulRegs) {
            return HbFinish(pIrp, STATUS_DEVICE_NOT_READY, 0);
        }
        stReport.ucReportId = 2;
        stReport.ucButtons  = (UCHAR)(READ_REGISTER_ULONG((PULONG)&pExt->pulRegs[HB_REG_BUTTONS]) & 0x3F);
        return HbReturnBuffer(pIrp, &stReport, sizeof(stReport));

    case IOCTL_HID_GET_STRING:
        ulStringId = (ULONG_PTR)pStack->Parameters.DeviceIoControl.Type3InputBuffer & 0xFFFF;
        if (HID_STRING_ID_ISERIALNUMBER == ulStringId && NULL != g_HbGlobals.pwszSerial) {
            return HbReturnBuffer(pIrp, g_HbGlobals.pwszSerial, g_HbGlobals.cbSerial);
        }
        if (HID_STRING_ID_IMANUFACTURER == ulStringId) {
            return HbReturnBuffer(pIrp, L"Solvik AB", sizeof(L"Solvik AB"));
        }
        if (HID_STRING_ID_IPRODUCT == ulStringId) {
            return HbReturnBuffer(pIrp, L"SP-200 Buttons", sizeof(L"SP-200 Buttons"));
        }
        return HbFinish(pIrp, STATUS_INVALID_PARAMETER, 0);

    default:
        return HbFinish(pIrp, STATUS_NOT_SUPPORTED, 0);
    }
}
