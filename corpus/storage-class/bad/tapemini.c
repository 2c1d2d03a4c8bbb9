/*
 * tapemini.c (violating) - the DAT autoloader miniclass of ../tapemini.c
 * with a "disabled" switch read from a global another file of the build
 * defines (its value unknown here): when it is set, DriverEntry returns STATUS_SUCCESS without calling
 * TapeClassInitialize. The driver then stays loaded with no driver-wide data
 * and no dispatch routine: every request to its devices fails.
 *
 * BUG (STC001, STC002): the early success return skips the class library's
 * initialization.
 */

#include <minitape.h>

#define DAT_TIMEOUT_SECONDS 900

extern BOOLEAN DatDisabled;

static BOOLEAN DatVerifyInquiry(PINQUIRYDATA InquiryData, PMODE_CAPABILITIES_PAGE ModeCapabilitiesPage);

ULONG
DriverEntry(                                            // expect-entry: storage-class
    _In_ PVOID Argument1,
    _In_ PVOID Argument2
    )
{
    TAPE_INIT_DATA_EX tapeInitData;

    if (DatDisabled) {
        return STATUS_SUCCESS;                          // expect: STC001, STC002
    }

    TapeClassZeroMemory(&tapeInitData, sizeof(TAPE_INIT_DATA_EX));
    tapeInitData.InitDataSize = sizeof(TAPE_INIT_DATA_EX);
    tapeInitData.VerifyInquiry = DatVerifyInquiry;
    tapeInitData.DefaultTimeOutValue = DAT_TIMEOUT_SECONDS;

    return TapeClassInitialize(Argument1, Argument2, &tapeInitData);
}

static BOOLEAN
DatVerifyInquiry(PINQUIRYDATA InquiryData, PMODE_CAPABILITIES_PAGE ModeCapabilitiesPage)
{
    UNREFERENCED_PARAMETER(ModeCapabilitiesPage);
    return InquiryData->DeviceType == 0x01;
}
