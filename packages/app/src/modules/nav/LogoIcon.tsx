import { ShipyardMark } from '../../components/ShipyardMark';

/** The mark alone, shown when the sidebar is collapsed. */
export const LogoIcon = () => <ShipyardMark size={28} />;
