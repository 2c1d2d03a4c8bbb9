#include "common.h"

NTSTATUS CompleteIrp(PIRP Irp, NTSTATUS Status, ULONG_PTR Info)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

BOOLEAN CheckBuffer(PIO_STACK_LOCATION Stack, ULONG MinIn, ULONG MinOut)
{
    if (Stack->Parameters.DeviceIoControl.InputBufferLength < MinIn) {
        LOG("input too small (%lu < %lu)", Stack->Parameters.DeviceIoControl.InputBufferLength, MinIn);
        return FALSE;
    }
    if (Stack->Parameters.DeviceIoControl.OutputBufferLength < MinOut) {
        LOG("output too small (%lu < %lu)", Stack->Parameters.DeviceIoControl.OutputBufferLength, MinOut);
        return FALSE;
    }
    return TRUE;
}

VOID DumpIrp(PIRP Irp, PCSTR Where)
{
#if DBG
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    LOG("%s: irp=%p major=%u minor=%u", Where, Irp, stack->MajorFunction, stack->MinorFunction);
#else
    UNREFERENCED_PARAMETER(Irp);
    UNREFERENCED_PARAMETER(Where);
#endif
}
