/** The titles a signatory signs under (Decree 30: "KT." signs on behalf of the principal). Browser-safe: no hashing here. */
export const SIGNATORY_TITLES = ['HIỆU TRƯỞNG', 'PHÓ HIỆU TRƯỞNG', 'KT. HIỆU TRƯỞNG'] as const;
export type SignatoryTitle = (typeof SIGNATORY_TITLES)[number];
