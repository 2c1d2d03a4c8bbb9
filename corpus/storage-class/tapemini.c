/*
 * tapemini.c - tape miniclass driver for a line of DAT autoloaders. As a
 * tape miniclass, DriverEntry takes the port form (two opaque arguments it
 * hands on), clears a TAPE_INIT_DATA_EX with TapeClassZeroMemory, fills in
 * its size and entry points, and returns what TapeClassInitialize returns:
 * the tape class library allocates the driver-wide data and sets the
 * dispatch routines. Conforming.
 */

#include <minitape.h>

#define DAT_TIMEOUT_SECONDS 900
#define DAT_SEQUENTIAL_ACCESS 0x01  /* the SCSI peripheral device type of a tape */

typedef struct _DAT_EXTENSION {
    ULONG DensityCode;
    ULONG MediumType;
} DAT_EXTENSION, *PDAT_EXTENSION;

static BOOLEAN DatVerifyInquiry(PINQUIRYDATA InquiryData, PMODE_CAPABILITIES_PAGE ModeCapabilitiesPage);
static VOID DatExtensionInit(PVOID MinitapeExtension, PINQUIRYDATA InquiryData,
                             PMODE_CAPABILITIES_PAGE ModeCapabilitiesPage);
static TAPE_STATUS DatGetStatus(PVOID MinitapeExtension, PVOID CommandExtension, PVOID CommandParameters,
                                PSCSI_REQUEST_BLOCK Srb, ULONG CallNumber, TAPE_STATUS LastError,
                                PULONG RetryFlags);

ULONG
DriverEntry(                                            // expect-entry: storage-class
    _In_ PVOID Argument1,
    _In_ PVOID Argument2
    )
{
    TAPE_INIT_DATA_EX tapeInitData;

    TapeClassZeroMemory(&tapeInitData, sizeof(TAPE_INIT_DATA_EX));

    tapeInitData.InitDataSize = sizeof(TAPE_INIT_DATA_EX);
    tapeInitData.VerifyInquiry = DatVerifyInquiry;
    tapeInitData.QueryModeCapabilitiesPage = TRUE;
    tapeInitData.MinitapeExtensionSize = sizeof(DAT_EXTENSION);
    tapeInitData.ExtensionInit = DatExtensionInit;
    tapeInitData.DefaultTimeOutValue = DAT_TIMEOUT_SECONDS;
    tapeInitData.GetStatus = DatGetStatus;

    return TapeClassInitialize(Argument1, Argument2, &tapeInitData);
}

static BOOLEAN
DatVerifyInquiry(PINQUIRYDATA InquiryData, PMODE_CAPABILITIES_PAGE ModeCapabilitiesPage)
{
    UNREFERENCED_PARAMETER(ModeCapabilitiesPage);
    return InquiryData->DeviceType == DAT_SEQUENTIAL_ACCESS;
}

static VOID
DatExtensionInit(PVOID MinitapeExtension, PINQUIRYDATA InquiryData, PMODE_CAPABILITIES_PAGE ModeCapabilitiesPage)
{
    PDAT_EXTENSION extension = (PDAT_EXTENSION)MinitapeExtension;
    UNREFERENCED_PARAMETER(InquiryData);
    UNREFERENCED_PARAMETER(ModeCapabilitiesPage);
    extension->DensityCode = 0;
    extension->MediumType = 0;
}

static TAPE_STATUS
DatGetStatus(PVOID MinitapeExtension, PVOID CommandExtension, PVOID CommandParameters, PSCSI_REQUEST_BLOCK Srb,
             ULONG CallNumber, TAPE_STATUS LastError, PULONG RetryFlags)
{
    UNREFERENCED_PARAMETER(MinitapeExtension);
    UNREFERENCED_PARAMETER(CommandExtension);
    UNREFERENCED_PARAMETER(CommandParameters);
    UNREFERENCED_PARAMETER(Srb);
    UNREFERENCED_PARAMETER(CallNumber);
    UNREFERENCED_PARAMETER(LastError);
    UNREFERENCED_PARAMETER(RetryFlags);
    return TAPE_STATUS_SUCCESS;
}
