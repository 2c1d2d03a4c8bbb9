#include "ramstore.h"

static NTSTATUS RsRange(PRS_DEVICE_CONTEXT Ctx, LONGLONG Offset, size_t Length)
{
    if (Offset < 0 || (ULONGLONG)Offset > Ctx->Size || Length > Ctx->Size - (size_t)Offset)
        return STATUS_END_OF_FILE;
    if ((Offset % RS_SECTOR_SIZE) != 0 || (Length % RS_SECTOR_SIZE) != 0)
        return STATUS_INVALID_PARAMETER;
    return STATUS_SUCCESS;
}

VOID RsEvtIoRead(WDFQUEUE Queue, WDFREQUEST Request, size_t Length)
{
    PRS_DEVICE_CONTEXT ctx = RsGetContext(WdfIoQueueGetDevice(Queue));
    WDF_REQUEST_PARAMETERS p;
    WDFMEMORY out;
    NTSTATUS status;

    WDF_REQUEST_PARAMETERS_INIT(&p);
    WdfRequestGetParameters(Request, &p);

    status = RsRange(ctx, p.Parameters.Read.DeviceOffset, Length);
    if (NT_SUCCESS(status))
        status = WdfRequestRetrieveOutputMemory(Request, &out);
    if (NT_SUCCESS(status))
        status = WdfMemoryCopyFromBuffer(out, 0, ctx->Base + p.Parameters.Read.DeviceOffset, Length);

    WdfRequestCompleteWithInformation(Request, status, NT_SUCCESS(status) ? Length : 0);
}

VOID RsEvtIoWrite(WDFQUEUE Queue, WDFREQUEST Request, size_t Length)
{
    PRS_DEVICE_CONTEXT ctx = RsGetContext(WdfIoQueueGetDevice(Queue));
    WDF_REQUEST_PARAMETERS p;
    WDFMEMORY in;
    NTSTATUS status;

    WDF_REQUEST_PARAMETERS_INIT(&p);
    WdfRequestGetParameters(Request, &p);

    status = RsRange(ctx, p.Parameters.Write.DeviceOffset, Length);
    if (NT_SUCCESS(status))
        status = WdfRequestRetrieveInputMemory(Request, &in);
    if (NT_SUCCESS(status))
        status = WdfMemoryCopyToBuffer(in, 0, ctx->Base + p.Parameters.Write.DeviceOffset, Length);

    WdfRequestCompleteWithInformation(Request, status, NT_SUCCESS(status) ? Length : 0);
}

VOID RsEvtIoDeviceControl(WDFQUEUE Queue, WDFREQUEST Request, size_t OutputBufferLength,
                          size_t InputBufferLength, ULONG IoControlCode)
{
    PRS_DEVICE_CONTEXT ctx = RsGetContext(WdfIoQueueGetDevice(Queue));
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_RS_GET_GEOMETRY: {
        RS_GEOMETRY* geo;
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(*geo), (PVOID*)&geo, NULL);
        if (NT_SUCCESS(status)) {
            geo->SectorSize = RS_SECTOR_SIZE;
            geo->Sectors = RS_SECTORS;
            info = sizeof(*geo);
        }
        break;
    }
    case IOCTL_RS_WIPE:
        RtlZeroMemory(ctx->Base, ctx->Size);
        status = STATUS_SUCCESS;
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}
