/*
 * wppconfig.h - the WPP configuration of this driver, read by the WPP
 * preprocessor only: the build names it (WppScanConfigurationData in the
 * .vcxproj, RUN_WPP's -scan: in a sources file); no source includes it.
 *
 * begin_wpp config
 * FUNC FuncEntry{LEVEL=TRACE_LEVEL_VERBOSE}(FLAGS);
 * FUNC TraceError{LEVEL=TRACE_LEVEL_ERROR}(FLAGS, MSG, ...);
 * end_wpp
 */
