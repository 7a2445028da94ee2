package dev.o2ext.cli;

/** The extension's version, from the jar manifest ({@code dev} when run from classes). */
public final class Version {

	private Version() {
	}

	public static String current() {
		String version = Version.class.getPackage().getImplementationVersion();
		return (version != null) ? version : "dev";
	}

}
