package org.grokmeter.fit;

/**
 * erf(z) together with e^(−z²) from a single exponential — the two things a Gauss–Newton step on
 * a·erf(s(t − t*)) + b needs per point. Rational approximations of Cephes (ndtr.c, S. L. Moshier):
 * erf(z) = z·T(z²)/U(z²) for |z| < 1 and erf(z) = 1 − e^(−z²)·P(|z|)/Q(|z|) for 1 ≤ |z| < 8, both
 * about 1e-16 relative in erf. Tested against Commons Numbers' {@code Erf} (Boost) in
 * {@code ErfWithDerivativeTest}.
 */
public final class ErfWithDerivative {

  private static final double T0 = 9.60497373987051638749E0;
  private static final double T1 = 9.00260197203842689217E1;
  private static final double T2 = 2.23200534594684319226E3;
  private static final double T3 = 7.00332514112805075473E3;
  private static final double T4 = 5.55923013010394962768E4;
  private static final double U0 = 3.35617141647503099647E1;
  private static final double U1 = 5.21357949780152679795E2;
  private static final double U2 = 4.59432382970980127987E3;
  private static final double U3 = 2.26290000613890934246E4;
  private static final double U4 = 4.92673942608635921086E4;

  private static final double P0 = 2.46196981473530512524E-10;
  private static final double P1 = 5.64189564831068821977E-1;
  private static final double P2 = 7.46321056442269912687E0;
  private static final double P3 = 4.86371970985681366614E1;
  private static final double P4 = 1.96520832956077098242E2;
  private static final double P5 = 5.26445194995477358631E2;
  private static final double P6 = 9.34528527171957607540E2;
  private static final double P7 = 1.02755188689515710272E3;
  private static final double P8 = 5.57535335369399327526E2;
  private static final double Q0 = 1.32281951154744992508E1;
  private static final double Q1 = 8.67072140885989742329E1;
  private static final double Q2 = 3.54937778887819891062E2;
  private static final double Q3 = 9.75708501743205489753E2;
  private static final double Q4 = 1.82390916687909736289E3;
  private static final double Q5 = 2.24633760818710981792E3;
  private static final double Q6 = 1.65666309194161350182E3;
  private static final double Q7 = 5.57535340817727675546E2;

  private ErfWithDerivative() {}

  /**
   * The scaled complementary error function erfcx(z) = e^(z²)·erfc(z) = P(z)/Q(z) for 1 ≤ z < 8
   * (Cephes' erfc expansion without its exponential factor); about 1e-16 relative.
   */
  public static double erfcxMid(double z) {
    if (!(z >= 1 && z < 8)) {
      throw new IllegalArgumentException("erfcxMid needs 1 <= z < 8, got " + z);
    }
    double num = (((((((P0 * z + P1) * z + P2) * z + P3) * z + P4) * z + P5) * z + P6) * z + P7) * z + P8;
    double den = (((((((z + Q0) * z + Q1) * z + Q2) * z + Q3) * z + Q4) * z + Q5) * z + Q6) * z + Q7;
    return num / den;
  }

  /** erf(z) given g = e^(−z²) (computed by the caller, who needs it for the derivative too); |z| < 8. */
  public static double erf(double z, double g) {
    double x = Math.abs(z);
    if (x < 1) {
      double w = z * z;
      double num = (((T0 * w + T1) * w + T2) * w + T3) * w + T4;
      double den = ((((w + U0) * w + U1) * w + U2) * w + U3) * w + U4;
      return z * num / den;
    }
    if (x >= 8) {
      return Math.copySign(1.0, z);
    }
    double num = (((((((P0 * x + P1) * x + P2) * x + P3) * x + P4) * x + P5) * x + P6) * x + P7) * x + P8;
    double den = (((((((x + Q0) * x + Q1) * x + Q2) * x + Q3) * x + Q4) * x + Q5) * x + Q6) * x + Q7;
    double erfc = g * num / den;
    return Math.copySign(1.0 - erfc, z);
  }
}
